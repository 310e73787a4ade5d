package io.trainaudit.gate;

import static org.apache.spark.sql.functions.col;

import io.trainaudit.Errors;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.Exclusions;
import io.trainaudit.tables.TableLocation;
import java.nio.charset.StandardCharsets;
import java.util.ConcurrentModificationException;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The exclusion table, partitioned by snapshot_id. A gate run replaces its snapshot's rows in one
 * Delta commit (an overwrite with {@code replaceWhere} on the partition): gates of different
 * snapshots never conflict, and of two gates of the same snapshot committing together Delta's
 * optimistic concurrency lets one through and refuses the other, which keeps nothing.
 */
final class ExclusionStore {
  private final SparkSession spark;
  private final TableLocation location;

  ExclusionStore(SparkSession spark, TableLocation location) {
    this.spark = spark;
    this.location = location;
  }

  /** Replaces every row of {@code snapshotId} by {@code rows} (all of that snapshot), in one commit. */
  void replace(String snapshotId, String gateRunId, Dataset<Row> rows) {
    ensure();
    DataFrameWriter<Row> writer = rows.select(columns()).write().format("delta").mode(SaveMode.Overwrite)
        .option("replaceWhere", sameSnapshot(snapshotId));
    try {
      if (location instanceof TableLocation.PathLocation path) {
        writer.save(path.path());
      } else {
        writer.saveAsTable(((TableLocation.CatalogTable) location).name());
      }
    } catch (ConcurrentModificationException e) {
      throw GateErrors.gatedTogether(snapshotId, gateRunId, e);
    }
  }

  /**
   * The replaceWhere predicate. It is SQL text, so the snapshot id enters it only as hex digits,
   * decoded by Spark: no id, whatever it holds, can change the predicate.
   */
  static String sameSnapshot(String snapshotId) {
    String hex = HexFormat.of().formatHex(snapshotId.getBytes(StandardCharsets.UTF_8));
    return Exclusions.SNAPSHOT_ID + " = decode(unhex('" + hex + "'), 'UTF-8')";
  }

  /** Creates the table, empty and partitioned by snapshot, unless it exists (or another gate just created it). */
  private void ensure() {
    if (DeltaTables.exists(spark, location)) {
      return;
    }
    DataFrameWriter<Row> writer = spark.createDataFrame(List.of(), Exclusions.SCHEMA).write().format("delta")
        .mode(SaveMode.Append).partitionBy(Exclusions.SNAPSHOT_ID);
    try {
      if (location instanceof TableLocation.PathLocation path) {
        writer.save(path.path());
      } else {
        writer.saveAsTable(((TableLocation.CatalogTable) location).name());
      }
    } catch (Exception e) {
      if (!DeltaTables.exists(spark, location)) {
        throw Errors.io("create the exclusion table " + location.display(), e);
      }
    }
  }

  private static Column[] columns() {
    return java.util.Arrays.stream(Exclusions.SCHEMA.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
  }
}
