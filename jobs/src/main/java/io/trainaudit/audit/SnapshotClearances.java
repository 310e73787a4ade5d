package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.GateRuns;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.TrainingSnapshots;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Links each snapshot a run audited to the clearance of the pre-training gate: cleared (the rows
 * now present have the digest the clearance signed), changed after clearance, gated but never
 * cleared, or never gated. Only the rows of snapshots with a clearance are hashed: those the run
 * audited in full from the rows it read (for a nightly run, its staged scope: no second scan of
 * the training table), those it re-checked only in part from the table at the run's version.
 */
public final class SnapshotClearances {
  private static final String LATEST = "_latest_clearance";
  private static final String GATED = "_gate_runs";

  private final SparkSession spark;
  private final AuditConfig config;

  public SnapshotClearances(SparkSession spark, AuditConfig config) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The status of every snapshot the evaluation lists, by snapshot id. */
  public Map<String, SnapshotClearance> of(AuditScope scope, Evaluation evaluation, AuditInputs inputs) {
    List<String> audited = evaluation.snapshots().stream().map(SnapshotCoverage::snapshotId)
        .filter(Objects::nonNull).toList();
    Map<String, SnapshotClearance> statuses = new LinkedHashMap<>();
    if (audited.isEmpty()) {
      return statuses;
    }
    // Created empty if absent, so that the notebooks find the table before the first gate runs.
    OutputTables.ensure(spark, config.output().gateRuns(), GateRuns.SCHEMA);
    Map<String, Row> gates = latestClearances(audited);
    Set<String> inFull = new TreeSet<>();
    Set<String> inPart = new TreeSet<>();
    gates.forEach((id, gate) -> {
      if (!gate.isNullAt(1)) {
        (scope.snapshotIds().map(ids -> ids.contains(id)).orElse(true) ? inFull : inPart).add(id);
      }
    });
    Map<String, SnapshotDigest.Digest> digests = digests(evaluation, inputs, inFull, inPart);
    for (String id : audited) {
      Row gate = gates.get(id);
      if (gate == null) {
        statuses.put(id, new SnapshotClearance(ClearanceStatus.NEVER_GATED, null, null));
      } else if (gate.isNullAt(1)) {
        statuses.put(id, new SnapshotClearance(ClearanceStatus.NOT_CLEARED, null, null));
      } else {
        Row latest = gate.getStruct(1);
        SnapshotDigest.Digest now = digests.get(id);
        boolean same = now != null && now.sha256().equals(latest.getAs(GateRuns.ROWS_DIGEST));
        statuses.put(id, new SnapshotClearance(same ? ClearanceStatus.CLEARED : ClearanceStatus.CHANGED_AFTER_CLEARANCE,
            latest.getAs(GateRuns.GATE_RUN_ID), latest.getAs(GateRuns.CLEARANCE_FILE)));
      }
    }
    return statuses;
  }

  /** How many snapshots have each status, for the progress log: e.g. {@code cleared 1, never_gated 6}. */
  public static String describe(Map<String, SnapshotClearance> statuses) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    statuses.values().forEach(c -> counts.merge(c.status().value(), 1L, Long::sum));
    return counts.isEmpty() ? "no snapshot" : counts.toString().replaceAll("[{}]", "").replace("=", " ");
  }

  /** Per gated snapshot among {@code ids}: how many gate runs it had, and its latest clearance (null if none). */
  private Map<String, Row> latestClearances(List<String> ids) {
    if (DeltaTables.hasNoFiles(spark, config.output().gateRuns())) {
      return Map.of();
    }
    Column cleared = col(GateRuns.STATUS).equalTo(lit(GateRuns.CLEARED));
    Map<String, Row> gates = new LinkedHashMap<>();
    DeltaTables.read(spark, config.output().gateRuns())
        .where(col(GateRuns.SNAPSHOT_ID).isin(ids.toArray()))
        .groupBy(col(GateRuns.SNAPSHOT_ID))
        .agg(count(lit(1)).as(GATED),
            max(when(cleared, struct(col(GateRuns.ENDED_AT), col(GateRuns.GATE_RUN_ID), col(GateRuns.ROWS_DIGEST),
                col(GateRuns.CLEARANCE_FILE)))).as(LATEST))
        .select(col(GateRuns.SNAPSHOT_ID), col(LATEST))
        .collectAsList()
        .forEach(r -> gates.put(r.getString(0), r));
    return gates;
  }

  private static Map<String, SnapshotDigest.Digest> digests(Evaluation evaluation, AuditInputs inputs,
      Set<String> inFull, Set<String> inPart) {
    Dataset<Row> rows = null;
    if (!inFull.isEmpty()) {
      rows = contractColumns(evaluation.training().checkedRows())
          .where(col(TrainingSnapshots.SNAPSHOT_ID).isin(inFull.toArray()));
    }
    if (!inPart.isEmpty()) {
      Column inSnapshots = col(TrainingSnapshots.SNAPSHOT_ID).isin(inPart.toArray());
      Dataset<Row> part = contractColumns(
          inputs.narrowed(InputTable.TRAINING_SNAPSHOTS, raw -> raw.where(inSnapshots)).checkedRows());
      rows = rows == null ? part : rows.unionByName(part);
    }
    return rows == null ? Map.of() : SnapshotDigest.bySnapshot(rows);
  }

  private static Dataset<Row> contractColumns(Dataset<Row> checked) {
    return checked.select(TrainingSnapshots.SCHEMA.columnNames().stream().map(c -> col(c)).toArray(Column[]::new));
  }
}
