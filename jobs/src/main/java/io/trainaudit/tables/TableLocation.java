package io.trainaudit.tables;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a Delta table lives: a filesystem or object-store path, or a metastore table named
 * {@code catalog:NAME}. Neither is ever spliced into SQL text.
 */
public sealed interface TableLocation {
  String CATALOG_PREFIX = "catalog:";
  Pattern CATALOG_NAME = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");

  /** How the location reads in messages and in the run record. */
  String display();

  /** The location in a sentence: "path /data/x" or "catalog table catalog:db.x". */
  default String describe() {
    return (this instanceof CatalogTable ? "catalog table " : "path ") + display();
  }

  /** A path; local paths are absolute, resolved against the config file's folder. */
  record PathLocation(String path) implements TableLocation {
    public PathLocation {
      Objects.requireNonNull(path, "path");
    }

    public static PathLocation local(Path path) {
      return new PathLocation(path.toAbsolutePath().normalize().toString());
    }

    /** True for a path on the local filesystem rather than an object store URI. */
    public boolean isLocal() {
      return !path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || path.startsWith("file:");
    }

    @Override
    public String display() {
      return path;
    }
  }

  /** A table of the Spark catalog (Hive metastore, Unity Catalog, Glue...). */
  record CatalogTable(String name) implements TableLocation {
    public CatalogTable {
      if (!CATALOG_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("not a plain table identifier: " + name);
      }
    }

    @Override
    public String display() {
      return CATALOG_PREFIX + name;
    }
  }
}
