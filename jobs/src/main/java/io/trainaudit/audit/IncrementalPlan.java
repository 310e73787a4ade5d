package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.TrainingSnapshots;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Decides what a nightly run audits: everything when no full or incremental run has succeeded
 * yet; otherwise the snapshots not audited yet, and the rows whose evidence changed since the last
 * succeeded full or incremental run.
 *
 * @param scope the rows to audit
 * @param baselineRunId the run whose input versions the changes were read against, if any
 * @param changedTables the input tables whose rows may hold invalid rows no run has quarantined yet
 */
record IncrementalPlan(AuditScope scope, Optional<String> baselineRunId, Set<InputTable> changedTables) {

  /** A run of the given scope over every table. */
  static IncrementalPlan everything(AuditScope scope) {
    return new IncrementalPlan(scope, Optional.empty(), EnumSet.allOf(InputTable.class));
  }

  static IncrementalPlan plan(SparkSession spark, AuditConfig config, AuditInputs inputs, RunStore runs) {
    // Not a backfill: it re-audited only the snapshots it was given, against the evidence it read.
    Optional<RunRecord> last = runs.lastSucceeded(EnumSet.of(RunMode.FULL, RunMode.INCREMENTAL));
    if (last.isEmpty()) {
      return everything(AuditScope.full());
    }
    RunRecord baseline = last.get();
    Set<String> present = unauditedSnapshots(spark, config, inputs, runs, baseline);
    Map<InputTable, Long> before = versions(baseline);
    EvidenceChanges changes = EvidenceChanges.between(spark, config, before, inputs.versions());
    Set<InputTable> changedTables = EnumSet.noneOf(InputTable.class);
    inputs.versions().forEach((table, version) -> {
      if (!version.equals(before.get(table))) {
        changedTables.add(table);
      }
    });
    return new IncrementalPlan(AuditScope.incremental(present, changes.records(), changes.members(), !changes.none()),
        Optional.of(baseline.runId()), changedTables);
  }

  /**
   * The snapshots of valid training rows that no run has audited. The baseline, a full or
   * incremental run, audited every snapshot of the training table at the version it read that no
   * run had audited before, and a data file never changes once written: so only the files added
   * since that version can hold a snapshot not audited yet. Those are listed from the Delta log and
   * read alone (none on a quiet night). When the log no longer reaches back to that version, every
   * row is read.
   */
  private static Set<String> unauditedSnapshots(SparkSession spark, AuditConfig config, AuditInputs inputs,
      RunStore runs, RunRecord baseline) {
    InputTable training = InputTable.TRAINING_SNAPSHOTS;
    Dataset<Row> candidates = Optional.ofNullable(baseline.versions().inputs().get(training.tableName()))
        .flatMap(since -> inputs.validAddedSince(spark, config, training, since))
        .orElseGet(() -> inputs.valid(training));
    Set<String> unaudited = new TreeSet<>(candidates.select(col(TrainingSnapshots.SNAPSHOT_ID)).distinct()
        .collectAsList().stream().map(r -> r.getString(0)).toList());
    if (!unaudited.isEmpty()) {
      unaudited.removeAll(runs.auditedSnapshots());
    }
    return unaudited;
  }

  /** The plan of a recorded incremental run, re-derived for reproduction from its baseline run. */
  static IncrementalPlan replay(SparkSession spark, AuditConfig config, RunRecord run, RunRecord baseline,
      Map<InputTable, Long> runVersions) {
    Set<String> snapshots = new TreeSet<>(run.plan().snapshots());
    EvidenceChanges changes = EvidenceChanges.between(spark, config, versions(baseline), runVersions);
    return new IncrementalPlan(AuditScope.incremental(snapshots, changes.records(), changes.members()),
        Optional.of(baseline.runId()), EnumSet.allOf(InputTable.class));
  }

  /** The input versions a run read. */
  static Map<InputTable, Long> versions(RunRecord run) {
    Map<InputTable, Long> versions = new EnumMap<>(InputTable.class);
    run.versions().inputs().forEach((table, version) -> versions.put(InputTable.fromName(table), version));
    return versions;
  }
}
