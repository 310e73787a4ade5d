package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.trainaudit.spark.Rows;
import io.trainaudit.spark.Seqs;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.TrainingSnapshots;
import io.trainaudit.tables.ValidatedTable;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which training rows a run audits, and so which earlier findings it may retract:
 * <ul>
 *   <li>{@code full}: every snapshot;
 *   <li>{@code snapshots}: the chosen snapshots (a backfill);
 *   <li>{@code incremental}: the snapshots no run has audited yet, plus, in snapshots already
 *       audited, the rows of the records and members whose evidence changed since the last run;
 *   <li>{@code gate}: one candidate snapshot of the pre-training gate, its rows staged and the
 *       histories narrowed to their keys, as a nightly run does (the gate retracts nothing).
 * </ul>
 */
public final class AuditScope {
  private static final String AFFECTED = "_affected";

  private final RunMode mode;
  private final Optional<Set<String>> snapshotIds;
  private final Dataset<Row> changedRecords;
  private final Dataset<Row> changedMembers;
  /** False for a night after which no evidence changed: its changed keys are none, not to be joined. */
  private final boolean evidenceChanged;

  private AuditScope(RunMode mode, Optional<Set<String>> snapshotIds, Dataset<Row> changedRecords,
      Dataset<Row> changedMembers) {
    this(mode, snapshotIds, changedRecords, changedMembers, true);
  }

  private AuditScope(RunMode mode, Optional<Set<String>> snapshotIds, Dataset<Row> changedRecords,
      Dataset<Row> changedMembers, boolean evidenceChanged) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.snapshotIds = snapshotIds.map(ids -> Set.copyOf(new TreeSet<>(ids)));
    this.changedRecords = changedRecords;
    this.changedMembers = changedMembers;
    this.evidenceChanged = evidenceChanged;
  }

  public static AuditScope full() {
    return new AuditScope(RunMode.FULL, Optional.empty(), null, null);
  }

  public static AuditScope snapshots(Set<String> ids) {
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("a snapshot selection needs at least one snapshot id");
    }
    return new AuditScope(RunMode.SNAPSHOTS, Optional.of(ids), null, null);
  }

  /**
   * The one candidate snapshot of a pre-training gate: audited exactly as a backfill of it would be,
   * but read once into the staging folder and enriched from histories narrowed to its records and
   * members, so that gating a small snapshot costs what a night's rows do.
   */
  public static AuditScope candidate(String snapshotId) {
    return new AuditScope(RunMode.GATE, Optional.of(Set.of(java.util.Objects.requireNonNull(snapshotId, "snapshotId"))), null,
        null);
  }

  /** A nightly run: what it covers is planned once the inputs are open ({@link IncrementalPlan}). */
  public static AuditScope sinceLastRun() {
    return new AuditScope(RunMode.INCREMENTAL, Optional.empty(), null, null);
  }

  /** True for {@link #sinceLastRun()} until it is planned. */
  boolean needsPlanning() {
    return mode == RunMode.INCREMENTAL && changedRecords == null;
  }

  /**
   * New snapshots in full, and the rows of older snapshots whose record (by record_id) or
   * attributed member (by member_id) is among the changed ones.
   *
   * @param changedRecords one column, record_id, distinct
   * @param changedMembers one column, member_id, distinct
   */
  public static AuditScope incremental(Set<String> newSnapshots, Dataset<Row> changedRecords,
      Dataset<Row> changedMembers) {
    return incremental(newSnapshots, changedRecords, changedMembers, true);
  }

  /**
   * As above; {@code evidenceChanged} false when no history table changed since the baseline, so
   * that the changed keys are known to be none: the new snapshots are then read without joining
   * the training table to them, and nothing at all is read when there is no new snapshot.
   */
  public static AuditScope incremental(Set<String> newSnapshots, Dataset<Row> changedRecords,
      Dataset<Row> changedMembers, boolean evidenceChanged) {
    return new AuditScope(RunMode.INCREMENTAL, Optional.of(newSnapshots), changedRecords, changedMembers,
        evidenceChanged);
  }

  public RunMode mode() {
    return mode;
  }

  /** The snapshots audited in full; empty for a full run, which audits them all. */
  public Optional<Set<String>> snapshotIds() {
    return snapshotIds;
  }

  /**
   * The training rows in scope, valid or not. A nightly run narrows the raw table to them before
   * validating it (exact: the training table has no unique key) and stages them, with the changed
   * keys that select them, under {@code scratchDir}: they are few, and every later step reads them.
   */
  ValidatedTable select(AuditInputs inputs, String scratchDir) {
    ValidatedTable training = inputs.table(InputTable.TRAINING_SNAPSHOTS);
    if (snapshotIds.isEmpty()) {
      return training;
    }
    Column inSnapshots = col(TrainingSnapshots.SNAPSHOT_ID).isin(snapshotIds.get().toArray());
    if (mode == RunMode.GATE) {
      return inputs.narrowed(InputTable.TRAINING_SNAPSHOTS, rows -> rows.where(inSnapshots))
          .staged(scratchDir + "/training");
    }
    if (mode != RunMode.INCREMENTAL) {
      return training.where(inSnapshots);
    }
    if (!evidenceChanged) {
      // No new snapshot: nothing to read, and a zero limit is answered without a scan.
      return inputs.narrowed(InputTable.TRAINING_SNAPSHOTS,
              rows -> snapshotIds.get().isEmpty() ? rows.limit(0) : rows.where(inSnapshots))
          .staged(scratchDir + "/training");
    }
    Dataset<Row> records = Rows.staged(flagged(changedRecords, TrainingSnapshots.RECORD_ID), scratchDir + "/records");
    Dataset<Row> members = Rows.staged(flagged(changedMembers, TrainingSnapshots.MEMBER_ID), scratchDir + "/members");
    return inputs.narrowed(InputTable.TRAINING_SNAPSHOTS, rows -> rows
            .join(records, Seqs.of(TrainingSnapshots.RECORD_ID), "left")
            .join(members, Seqs.of(TrainingSnapshots.MEMBER_ID), "left")
            .where(inSnapshots.or(col(AFFECTED + TrainingSnapshots.RECORD_ID).isNotNull())
                .or(col(AFFECTED + TrainingSnapshots.MEMBER_ID).isNotNull()))
            .drop(AFFECTED + TrainingSnapshots.RECORD_ID, AFFECTED + TrainingSnapshots.MEMBER_ID))
        .staged(scratchDir + "/training");
  }

  /** True when the rows in scope are a night's worth, or a gate's candidate: the histories are narrowed to their keys. */
  boolean narrowsHistories() {
    return mode == RunMode.INCREMENTAL || mode == RunMode.GATE;
  }

  /**
   * Of the open findings, those this run was in a position to find again: the ones it does not
   * find again are retracted.
   */
  Dataset<Row> retractable(Dataset<Row> openFindings, ValidatedTable scopedTraining) {
    if (snapshotIds.isEmpty()) {
      return openFindings;
    }
    Column inSnapshots = col(Findings.SNAPSHOT_ID).isin(snapshotIds.get().toArray());
    if (mode != RunMode.INCREMENTAL) {
      return openFindings.where(inSnapshots);
    }
    Dataset<Row> rechecked = scopedTraining.valid()
        .select(TrainingSnapshots.SNAPSHOT_ID, TrainingSnapshots.RECORD_ID)
        .distinct();
    return openFindings.join(rechecked, Seqs.of(Findings.SNAPSHOT_ID, Findings.RECORD_ID), "left_semi");
  }

  private static Dataset<Row> flagged(Dataset<Row> keys, String key) {
    return keys.select(col(key)).distinct().withColumn(AFFECTED + key, lit(true));
  }
}
