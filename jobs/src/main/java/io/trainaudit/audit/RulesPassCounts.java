package io.trainaudit.audit;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.rules.AuditRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * The rows that reached the rules, counted inside the rules pass itself: the distinct rows audited
 * and the valid rows they stand for, duplicates included. Observed rather than recomputed, so that
 * proving coverage costs no second shuffle of the training table. Per snapshot when the run has at
 * most {@link #PER_SNAPSHOT_LIMIT} of them (a nightly run has a few); otherwise only in total.
 */
final class RulesPassCounts {
  /** Each snapshot adds two aggregates evaluated on every row; beyond this many, totals only. */
  static final int PER_SNAPSHOT_LIMIT = 16;

  private static final String AUDITED = "audited";
  private static final String VALID_ROWS = "valid_rows";
  private static final String DIFFERING = "pairs_with_differing_copies";

  private final List<String> snapshotIds;
  private final Observation observation = new Observation("coverage");
  private Map<String, Object> observed;

  private RulesPassCounts(List<String> snapshotIds) {
    this.snapshotIds = snapshotIds;
  }

  /** Counts per snapshot when there are at most {@code limit} snapshots, else totals only. */
  static RulesPassCounts of(List<String> snapshotIds, int limit) {
    List<String> counted = snapshotIds.stream().filter(Objects::nonNull).toList();
    return new RulesPassCounts(counted.size() <= limit ? counted : List.of());
  }

  /** The enriched rows, unchanged, counted as the rules pass consumes them. */
  Dataset<Row> observe(Dataset<Row> enriched) {
    // Each (snapshot_id, record_id) has exactly one first copy: counting those counts the rows audited.
    Column first = col(AuditRow.COPY_RANK).equalTo(lit(0L));
    List<Column> counts = new ArrayList<>();
    counts.add(count_if(first).as(AUDITED));
    counts.add(coalesce(sum(col(AuditRow.COPIES)), lit(0L)).as(VALID_ROWS));
    counts.add(count_if(col(AuditRow.COPY_RANK).equalTo(lit(1L))).as(DIFFERING));
    for (int i = 0; i < snapshotIds.size(); i++) {
      Column ofSnapshot = col(AuditRow.SNAPSHOT_ID).equalTo(lit(snapshotIds.get(i)));
      counts.add(count_if(ofSnapshot.and(first)).as(AUDITED + "_" + i));
      counts.add(validRows(ofSnapshot).as(VALID_ROWS + "_" + i));
    }
    return enriched.observe(observation, counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new));
  }

  boolean perSnapshot() {
    return !snapshotIds.isEmpty();
  }

  long audited() {
    return value(AUDITED);
  }

  long validRows() {
    return value(VALID_ROWS);
  }

  /** The rows audited whose valid copies differ: their findings keep the first copy that yields each. */
  long pairsWithDifferingCopies() {
    return value(DIFFERING);
  }

  /** Distinct rows audited per snapshot; only when {@link #perSnapshot()}. */
  Map<String, Long> auditedBySnapshot() {
    return bySnapshot(AUDITED);
  }

  /** Valid rows accounted for per snapshot; only when {@link #perSnapshot()}. */
  Map<String, Long> validRowsBySnapshot() {
    return bySnapshot(VALID_ROWS);
  }

  private Map<String, Long> bySnapshot(String name) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < snapshotIds.size(); i++) {
      counts.put(snapshotIds.get(i), value(name + "_" + i));
    }
    return counts;
  }

  private static Column validRows(Column condition) {
    return coalesce(sum(when(condition, col(AuditRow.COPIES)).otherwise(lit(0L))), lit(0L));
  }

  private long value(String name) {
    return (Long) observed().get(name);
  }

  private Map<String, Object> observed() {
    if (observed == null) {
      try {
        observed = observation.getAsJava();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AuditException(ErrorCode.INTERNAL, "Cannot conclude the audit: interrupted while counting rows", e);
      }
    }
    return observed;
  }
}
