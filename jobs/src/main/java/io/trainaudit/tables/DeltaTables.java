package io.trainaudit.tables;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.trainaudit.Errors;
import io.trainaudit.spark.Rows;
import io.trainaudit.tables.TableLocation.CatalogTable;
import io.trainaudit.tables.TableLocation.PathLocation;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.VersionChecksum;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;

/** Locating, versioning and reading Delta tables by their configured location. */
public final class DeltaTables {
  /** A data file's path in the log's add and remove actions. */
  private static final String PATH = "path";
  /** An add action's deletion vector: the rows of its file that are deleted, if any. */
  private static final String DELETION_VECTOR = "deletionVector";

  private DeltaTables() {}

  public static boolean exists(SparkSession spark, TableLocation location) {
    if (location instanceof PathLocation path) {
      return DeltaTable.isDeltaTable(spark, path.path());
    }
    CatalogTable table = (CatalogTable) location;
    return spark.catalog().tableExists(table.name()) && isDeltaCatalogTable(spark, table);
  }

  /** Fails with a clear message unless the location holds a Delta table. */
  public static void requireDelta(SparkSession spark, String table, TableLocation location) {
    if (location instanceof PathLocation path) {
      if (!DeltaTable.isDeltaTable(spark, path.path())) {
        throw pathExists(spark, path.path())
            ? Errors.notDelta(table, location.describe())
            : Errors.tableMissing(table, location.describe());
      }
      return;
    }
    CatalogTable catalogTable = (CatalogTable) location;
    if (!spark.catalog().tableExists(catalogTable.name())) {
      throw Errors.tableMissing(table, location.describe());
    }
    if (!isDeltaCatalogTable(spark, catalogTable)) {
      throw Errors.notDelta(table, location.describe());
    }
  }

  public static DeltaTable handle(SparkSession spark, TableLocation location) {
    return location instanceof PathLocation path
        ? DeltaTable.forPath(spark, path.path())
        : DeltaTable.forName(spark, ((CatalogTable) location).name());
  }

  /** The table's current version, read from its log alone (no Spark job). */
  public static long latestVersion(SparkSession spark, TableLocation location) {
    return snapshot(spark, location).version();
  }

  /** The table's properties ({@code TBLPROPERTIES}) at its current version, read from its log alone. */
  public static Map<String, String> properties(SparkSession spark, TableLocation location) {
    return JavaConverters.mapAsJavaMap(snapshot(spark, location).metadata().configuration());
  }

  /** The names of the table's columns at its current version, read from its log alone. */
  public static List<String> columnNames(SparkSession spark, TableLocation location) {
    return List.of(snapshot(spark, location).schema().fieldNames());
  }

  /**
   * Creates the table with these columns and no row, in one commit of metadata alone (no Spark
   * job, no data file); every column nullable, as a DataFrame append would leave it (a NOT NULL
   * column would refuse a later append that holds a null). Refused by Delta's optimistic
   * concurrency, as any commit is, when another writer created the table in between.
   */
  public static void createEmpty(SparkSession spark, TableLocation location, StructType schema,
      Map<String, String> properties) {
    if (location instanceof PathLocation path && (path.path().contains("`") || path.path().contains("${"))) {
      // Delta's builder splices the path into SQL text unquoted, where a backtick breaks it and a variable is
      // substituted: such a table is created by an empty append instead (a Spark job, the same commit).
      spark.createDataFrame(List.of(), nullable(schema)).write().format("delta").mode("append").save(path.path());
      if (!properties.isEmpty()) {
        setProperties(spark, location, properties);
      }
      return;
    }
    DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark).addColumns(nullable(schema));
    properties.forEach(builder::property);
    (location instanceof PathLocation path ? builder.location(path.path())
        : builder.tableName(((CatalogTable) location).name())).execute();
  }

  /**
   * Sets table properties in one metadata commit ({@code ALTER TABLE ... SET TBLPROPERTIES}),
   * the location quoted as an identifier and read without variable substitution, so that no
   * character of a path or name can change the statement.
   */
  public static void setProperties(SparkSession spark, TableLocation location, Map<String, String> properties) {
    String table = location instanceof PathLocation path
        ? "delta.`" + path.path().replace("`", "``") + "`"
        : ((CatalogTable) location).name();
    String values = properties.entrySet().stream()
        .map(e -> literal(e.getKey()) + " = " + literal(e.getValue()))
        .collect(java.util.stream.Collectors.joining(", "));
    SparkSession verbatim = spark.newSession();
    verbatim.conf().set("spark.sql.variable.substitute", "false");
    verbatim.sql("ALTER TABLE " + table + " SET TBLPROPERTIES (" + values + ")");
  }

  private static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** The schema with every column nullable. */
  public static StructType nullable(StructType schema) {
    return new StructType(Arrays.stream(schema.fields())
        .map(f -> new StructField(f.name(), f.dataType(), true, f.metadata()))
        .toArray(StructField[]::new));
  }

  /**
   * The table's latest snapshot: its log listed and replayed as far as the protocol and metadata,
   * which {@code DESCRIBE HISTORY} and {@code DESCRIBE DETAIL} would each follow with a Spark job.
   */
  private static Snapshot snapshot(SparkSession spark, TableLocation location) {
    Snapshot snapshot = log(spark, location).update(false, Option.empty(), Option.empty());
    if (snapshot.version() < 0) {
      throw Errors.noDeltaLog(location.describe());
    }
    return snapshot;
  }

  private static DeltaLog log(SparkSession spark, TableLocation location) {
    return location instanceof PathLocation path
        ? DeltaLog.forTable(spark, path.path())
        : DeltaLog.forTable(spark, identifier(spark, (CatalogTable) location));
  }

  /**
   * The rows of the table at {@code version} that lie in data files added after version {@code
   * since}: every row the table can have gained in between, since a data file never changes once
   * written. The two file lists come from the log; the rows are read by Delta's own reader of a
   * file list, deletion vectors and column mapping included. Empty when the log no longer reaches
   * back to {@code since} (log cleanup) or when {@code since} is not an earlier version: the caller
   * then reads the whole version.
   */
  public static Optional<Dataset<Row>> readAddedSince(SparkSession spark, TableLocation location, long since,
      long version) {
    return TwoVersions.of(spark, location, since, version).map(versions -> versions.read(versions.later(),
        since == version ? List.of() : addedFiles(versions.later(), versions.earlier())));
  }

  /** A table's log and two of its versions, the earlier one first. */
  private record TwoVersions(DeltaLog log, Snapshot earlier, Snapshot later) {
    /** Empty when {@code earlier} comes after {@code later}, or when the log no longer reaches back to it. */
    static Optional<TwoVersions> of(SparkSession spark, TableLocation location, long earlier, long later) {
      if (earlier > later) {
        return Optional.empty();
      }
      DeltaLog log = DeltaTables.log(spark, location);
      try {
        Snapshot last = log.getSnapshotAt(later, Option.empty(), Option.empty());
        return Optional.of(new TwoVersions(log,
            earlier == later ? last : log.getSnapshotAt(earlier, Option.empty(), Option.empty()), last));
      } catch (Exception e) {
        // Delta's VersionNotFound and the like are checked AnalysisExceptions in Java's eyes.
        return Optional.empty();
      }
    }

    /** The rows of {@code files} as {@code snapshot} has them, by Delta's own reader of a file list. */
    Dataset<Row> read(Snapshot snapshot, List<AddFile> files) {
      return log.createDataFrame(snapshot, JavaConverters.asScalaBuffer(files).toSeq(), false, Option.empty());
    }
  }

  /**
   * The rows of two versions of a table that lie in files the other version does not have as they
   * are: {@code gained} are read from the later version's new files (and files whose deletion
   * vector changed), {@code lost} from the earlier version's files the later one removed, each as
   * of its own version. Every other file is the same in both, so as multisets the later version is
   * the earlier one less {@code lost} plus {@code gained}: what changed in between is {@code gained}
   * except {@code lost} and back, read without the rows that did not change.
   */
  public record ChangedFiles(Dataset<Row> gained, Dataset<Row> lost) {}

  /**
   * The {@link ChangedFiles} between versions {@code before} and {@code after}, from the log. Empty
   * when the log no longer reaches back to {@code before}: the caller then compares whole
   * versions. Fails as {@link #readPast} does when VACUUM removed a file the earlier version needs.
   */
  public static Optional<ChangedFiles> readChangedFiles(SparkSession spark, String table, TableLocation location,
      long before, long after) {
    Optional<TwoVersions> found = TwoVersions.of(spark, location, before, after);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    TwoVersions versions = found.get();
    List<AddFile> lost = addedFiles(versions.earlier(), versions.later());
    for (AddFile file : lost) {
      requirePresent(spark, table, location, before,
          new Path(versions.log().dataPath(), new Path(java.net.URI.create(file.path()))));
    }
    return Optional.of(new ChangedFiles(
        versions.read(versions.later(), addedFiles(versions.later(), versions.earlier())),
        versions.read(versions.earlier(), lost)));
  }

  /**
   * The files of {@code now} that {@code then} did not have as they are now: new paths, and paths
   * whose deletion vector differs (a RESTORE can take one away, and bring rows back).
   */
  private static List<AddFile> addedFiles(Snapshot now, Snapshot then) {
    Dataset<AddFile> nowFiles = now.allFiles();
    Dataset<Row> thenFiles = then.allFiles().select(col(PATH).as("then_path"), col(DELETION_VECTOR).as("then_dv"));
    return nowFiles
        .join(thenFiles, nowFiles.col(PATH).equalTo(thenFiles.col("then_path"))
            .and(nowFiles.col(DELETION_VECTOR).eqNullSafe(thenFiles.col("then_dv"))), "left_anti")
        .as(nowFiles.encoder())
        .collectAsList();
  }

  /** The table as of a version, so that every read of a run sees the same data. */
  public static Dataset<Row> read(SparkSession spark, String table, TableLocation location, long version) {
    try {
      return load(spark.read().format("delta").option("versionAsOf", version), location);
    } catch (Exception e) {
      // Delta's AnalysisExceptions (VersionNotFoundException among them) are checked in Java's eyes,
      // thrown undeclared from Scala: catching RuntimeException alone lets them through.
      throw gone(e)
          ? Errors.versionGone(table, location.describe(), version, e)
          : Errors.versionUnreadable(table, location.describe(), version, e);
    }
  }

  /** True when Delta says the version or a file of it no longer exists (log cleanup, VACUUM). */
  private static boolean gone(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.io.FileNotFoundException || t.getClass().getSimpleName().contains("VersionNotFound")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The table as of an earlier version, after checking that VACUUM has not removed the data files
   * that version needs: a run refuses to go on rather than fail half-way or read a partial table.
   */
  public static Dataset<Row> readPast(SparkSession spark, String table, TableLocation location, long version) {
    Dataset<Row> past = read(spark, table, location, version);
    for (String file : past.inputFiles()) {
      requirePresent(spark, table, location, version, new Path(file));
    }
    return past;
  }

  private static void requirePresent(SparkSession spark, String table, TableLocation location, long version,
      Path file) {
    try {
      if (!file.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(file)) {
        throw Errors.versionGone(table, location.describe(), version,
            new java.io.FileNotFoundException("data file " + file + " was removed (VACUUM?)"));
      }
    } catch (IOException e) {
      throw Errors.versionGone(table, location.describe(), version, e);
    }
  }

  /** The latest version of the table. */
  public static Dataset<Row> read(SparkSession spark, TableLocation location) {
    return load(spark.read().format("delta"), location);
  }

  private static Dataset<Row> load(DataFrameReader reader, TableLocation location) {
    return location instanceof PathLocation path
        ? reader.load(path.path())
        : reader.table(((CatalogTable) location).name());
  }

  /** True when the table holds no row: at once from its log when it has no data file, else in one job. */
  public static boolean isEmpty(SparkSession spark, TableLocation location) {
    return hasNoFiles(spark, location) || Rows.none(read(spark, location));
  }

  /**
   * True when the table has no data file, so certainly no row: from its log alone, and from the
   * version's checksum file when it has one (Delta writes one with each commit), which spares the
   * Spark job that replays the log's file actions.
   */
  public static boolean hasNoFiles(SparkSession spark, TableLocation location) {
    Snapshot snapshot = snapshot(spark, location);
    Option<VersionChecksum> checksum = snapshot.checksumOpt();
    return (checksum.isDefined() ? checksum.get().numFiles() : snapshot.numOfFiles()) == 0;
  }

  private static TableIdentifier identifier(SparkSession spark, CatalogTable table) {
    try {
      return spark.sessionState().sqlParser().parseTableIdentifier(table.name());
    } catch (ParseException e) {
      throw Errors.noDeltaLog(table.describe());
    }
  }

  private static boolean isDeltaCatalogTable(SparkSession spark, CatalogTable table) {
    try {
      DeltaTable.forName(spark, table.name());
      return true;
    } catch (Exception e) {
      // Delta's "not a Delta table" is an AnalysisException: checked, as far as Java knows.
      return false;
    }
  }

  private static boolean pathExists(SparkSession spark, String path) {
    try {
      Path hadoopPath = new Path(path);
      return hadoopPath.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(hadoopPath);
    } catch (IOException e) {
      return false;
    }
  }
}
