package io.trainaudit.tables;

import io.delta.tables.DeltaTable;
import io.trainaudit.Errors;
import io.trainaudit.config.TableLocation;
import io.trainaudit.config.TableLocation.CatalogTable;
import io.trainaudit.config.TableLocation.PathLocation;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Locating, versioning and reading Delta tables by their configured location. */
public final class DeltaTables {
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
        throw pathExists(spark, path.path()) ? Errors.notDelta(table, location) : Errors.tableMissing(table, location);
      }
      return;
    }
    CatalogTable catalogTable = (CatalogTable) location;
    if (!spark.catalog().tableExists(catalogTable.name())) {
      throw Errors.tableMissing(table, location);
    }
    if (!isDeltaCatalogTable(spark, catalogTable)) {
      throw Errors.notDelta(table, location);
    }
  }

  public static DeltaTable handle(SparkSession spark, TableLocation location) {
    return location instanceof PathLocation path
        ? DeltaTable.forPath(spark, path.path())
        : DeltaTable.forName(spark, ((CatalogTable) location).name());
  }

  /** The table's current version (one row of its history). */
  public static long latestVersion(SparkSession spark, TableLocation location) {
    return handle(spark, location).history(1).select("version").head().getLong(0);
  }

  /** The table as of a version, so that every read of a run sees the same data. */
  public static Dataset<Row> read(SparkSession spark, String table, TableLocation location, long version) {
    try {
      return load(spark.read().format("delta").option("versionAsOf", version), location);
    } catch (RuntimeException e) {
      throw Errors.versionGone(table, location, version, e);
    }
  }

  /**
   * The table as of an earlier version, after checking that VACUUM has not removed the data files
   * that version needs: a run refuses to go on rather than fail half-way or read a partial table.
   */
  public static Dataset<Row> readPast(SparkSession spark, String table, TableLocation location, long version) {
    Dataset<Row> past = read(spark, table, location, version);
    for (String file : past.inputFiles()) {
      Path path = new Path(file);
      try {
        if (!path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
          throw Errors.versionGone(table, location, version,
              new java.io.FileNotFoundException("data file " + file + " was removed (VACUUM?)"));
        }
      } catch (IOException e) {
        throw Errors.versionGone(table, location, version, e);
      }
    }
    return past;
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

  private static boolean isDeltaCatalogTable(SparkSession spark, CatalogTable table) {
    try {
      DeltaTable.forName(spark, table.name());
      return true;
    } catch (RuntimeException e) {
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
