package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.trainaudit.tables.TrainingSnapshots;
import io.trainaudit.tables.ValidatedTable;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Counts, per snapshot, the training rows read, the distinct rows to audit, the invalid rows and
 * the duplicates, from the table itself and independently of the enrichment. The audit's own
 * counts must then match these: that proves no row was lost or multiplied on the way.
 */
final class Inventory {
  private Inventory() {}

  /** One bounded row per snapshot. */
  static List<SnapshotCoverage> of(ValidatedTable training) {
    Column invalid = when(ValidatedTable.isInvalid(), lit(1L)).otherwise(lit(0L));
    Column valid = ValidatedTable.isInvalid().unary_$bang();
    Dataset<Row> perRow =
        training.checkedRows()
            .groupBy(TrainingSnapshots.SNAPSHOT_ID, TrainingSnapshots.RECORD_ID)
            .agg(
                count(lit(1)).as("rows"),
                sum(invalid).as("invalid"),
                min(when(valid, col(TrainingSnapshots.CAPTURED_AT))).as(TrainingSnapshots.CAPTURED_AT),
                min(when(valid, col(TrainingSnapshots.PURPOSE))).as(TrainingSnapshots.PURPOSE),
                min(when(valid, col(TrainingSnapshots.RECIPIENT))).as(TrainingSnapshots.RECIPIENT));
    Column validRows = col("rows").minus(col("invalid"));
    List<Row> rows =
        perRow.groupBy(TrainingSnapshots.SNAPSHOT_ID)
            .agg(
                sum("rows").as("read"),
                sum(when(validRows.gt(0), lit(1L)).otherwise(lit(0L))).as("audited"),
                sum("invalid").as("quarantined"),
                sum(greatest(validRows.minus(1), lit(0L))).as("duplicates"),
                min(TrainingSnapshots.CAPTURED_AT).as(TrainingSnapshots.CAPTURED_AT),
                min(TrainingSnapshots.PURPOSE).as(TrainingSnapshots.PURPOSE),
                min(TrainingSnapshots.RECIPIENT).as(TrainingSnapshots.RECIPIENT))
            .collectAsList();
    return rows.stream()
        .map(r -> new SnapshotCoverage(
            r.getAs(TrainingSnapshots.SNAPSHOT_ID),
            r.<Timestamp>getAs(TrainingSnapshots.CAPTURED_AT) == null
                ? null : r.<Timestamp>getAs(TrainingSnapshots.CAPTURED_AT).toInstant(),
            r.getAs(TrainingSnapshots.PURPOSE),
            r.getAs(TrainingSnapshots.RECIPIENT),
            r.<Long>getAs("read"),
            r.<Long>getAs("audited"),
            r.<Long>getAs("quarantined"),
            r.<Long>getAs("duplicates")))
        .sorted(Comparator.comparing(SnapshotCoverage::capturedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(SnapshotCoverage::snapshotId, Comparator.nullsLast(Comparator.naturalOrder())))
        .toList();
  }
}
