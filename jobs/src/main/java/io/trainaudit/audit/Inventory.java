package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.trainaudit.tables.TrainingSnapshots;
import io.trainaudit.tables.ValidatedTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * Counts the training rows in scope per snapshot, from the table itself and independently of the
 * enrichment: the rows read, the invalid ones and the valid ones. The rules pass must then account
 * for exactly the valid rows; that proves no row was lost or multiplied on the way.
 */
final class Inventory {
  private Inventory() {}

  /**
   * A snapshot's rows as read, before the rules pass.
   *
   * @param validRows the rows the rules pass must account for, duplicates included
   */
  record Tally(String snapshotId, Instant capturedAt, String purpose, String recipient, long rowsRead,
      long rowsQuarantined, long validRows) {}

  /**
   * One tally per snapshot, in capture order, from one scan aggregated by hash: no shuffle of the
   * rows. The groups collected are the distinct (snapshot, purpose, recipient) triples, a handful
   * per snapshot.
   */
  static List<Tally> tally(ValidatedTable training) {
    Column valid = not(ValidatedTable.isInvalid());
    List<Row> groups =
        training.checkedRows()
            .groupBy(
                col(TrainingSnapshots.SNAPSHOT_ID),
                when(valid, col(TrainingSnapshots.PURPOSE)).as(TrainingSnapshots.PURPOSE),
                when(valid, col(TrainingSnapshots.RECIPIENT)).as(TrainingSnapshots.RECIPIENT))
            .agg(
                count(lit(1)).as("read"),
                count_if(ValidatedTable.isInvalid()).as("invalid"),
                min(when(valid, col(TrainingSnapshots.CAPTURED_AT))).as(TrainingSnapshots.CAPTURED_AT))
            .collectAsList();
    Map<String, Tally> bySnapshot = new LinkedHashMap<>();
    for (Row group : groups) {
      String id = group.getAs(TrainingSnapshots.SNAPSHOT_ID);
      Timestamp capturedAt = group.getAs(TrainingSnapshots.CAPTURED_AT);
      long read = group.<Long>getAs("read");
      long invalid = group.<Long>getAs("invalid");
      Tally part = new Tally(id, capturedAt == null ? null : capturedAt.toInstant(),
          group.getAs(TrainingSnapshots.PURPOSE), group.getAs(TrainingSnapshots.RECIPIENT), read, invalid,
          read - invalid);
      bySnapshot.merge(id, part, Inventory::combine);
    }
    return bySnapshot.values().stream()
        .sorted(Comparator.comparing(Tally::capturedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Tally::snapshotId, Comparator.nullsLast(Comparator.naturalOrder())))
        .toList();
  }

  private static Tally combine(Tally a, Tally b) {
    return new Tally(a.snapshotId(), earliest(a.capturedAt(), b.capturedAt()), least(a.purpose(), b.purpose()),
        least(a.recipient(), b.recipient()), a.rowsRead() + b.rowsRead(), a.rowsQuarantined() + b.rowsQuarantined(),
        a.validRows() + b.validRows());
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  private static String least(String a, String b) {
    return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
  }
}
