package io.trainaudit.bench;

import io.delta.tables.DeltaTable;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.TableLocation;
import io.trainaudit.tables.TableLocation.PathLocation;
import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Parquet files that make up the current version of each input table, for an engine that reads
 * Parquet but not Delta. Refuses a table whose files alone are not the table: one that may hold
 * deletion vectors, is partitioned (partition values live in the log), or maps column names.
 */
public final class DeltaParquetFiles {
  private static final String DELETION_VECTORS_PROPERTY = "delta.enableDeletionVectors";
  private static final String DELETION_VECTORS_FEATURE = "deletionVectors";
  private static final String COLUMN_MAPPING_PROPERTY = "delta.columnMapping.mode";

  private DeltaParquetFiles() {}

  /**
   * The local paths of the Parquet files of the current Delta version of each input table the
   * config has, sorted.
   *
   * @throws IllegalArgumentException if a table is not a local path, or its files alone are not the table
   */
  public static Map<InputTable, List<String>> of(SparkSession spark, AuditConfig config) {
    Map<InputTable, List<String>> files = new EnumMap<>(InputTable.class);
    for (InputTable table : config.inputTables()) {
      String path = pathOf(table, config.location(table));
      requirePlainParquet(spark, table, path);
      String[] inputFiles = spark.read().format("delta").load(path).inputFiles();
      files.put(table, Arrays.stream(inputFiles).map(f -> localPath(table, f)).sorted().toList());
    }
    return Collections.unmodifiableMap(files);
  }

  private static String pathOf(InputTable table, TableLocation location) {
    if (!(location instanceof PathLocation path)) {
      throw refused(table, location.display(), "is a catalog table; only path locations are supported");
    }
    return path.path();
  }

  private static void requirePlainParquet(SparkSession spark, InputTable table, String path) {
    Row detail = DeltaTable.forPath(spark, path).detail().head();
    List<String> partitionColumns = detail.getList(detail.fieldIndex("partitionColumns"));
    Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
    List<String> features = detail.getList(detail.fieldIndex("tableFeatures"));
    if (!partitionColumns.isEmpty()) {
      throw refused(table, path,
          "is partitioned by " + partitionColumns + ": the partition values are not in its Parquet files");
    }
    boolean deletionVectors = "true".equalsIgnoreCase(properties.get(DELETION_VECTORS_PROPERTY))
        || features.contains(DELETION_VECTORS_FEATURE);
    if (deletionVectors) {
      throw refused(table, path, "may hold deletion vectors (" + DELETION_VECTORS_PROPERTY + " or table feature "
          + DELETION_VECTORS_FEATURE + "): its Parquet files alone are not the table");
    }
    String columnMapping = properties.getOrDefault(COLUMN_MAPPING_PROPERTY, "none");
    if (!columnMapping.equals("none")) {
      throw refused(table, path, "maps column names (" + COLUMN_MAPPING_PROPERTY + " = " + columnMapping
          + "): its Parquet files use physical names");
    }
  }

  private static String localPath(InputTable table, String file) {
    URI uri = new Path(file).toUri();
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
      throw refused(table, file, "is not on the local file system");
    }
    return uri.getPath();
  }

  private static IllegalArgumentException refused(InputTable table, String where, String reason) {
    return new IllegalArgumentException(
        "Cannot list the Parquet files of table " + table.tableName() + ": " + where + " " + reason);
  }
}
