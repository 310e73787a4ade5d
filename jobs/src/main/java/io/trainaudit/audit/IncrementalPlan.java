package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.PolicyJson;
import io.trainaudit.rules.Policy;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.TrainingSnapshots;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a nightly run audits: everything when no full or incremental run has succeeded
 * yet, or when the last one judged under another policy; otherwise the snapshots not audited yet,
 * and the rows whose evidence changed since the last succeeded full or incremental run.
 *
 * @param scope the rows to audit
 * @param baseline the run whose input versions the changes were read against, if any
 * @param changedTables the input tables whose rows may hold invalid rows no run has quarantined yet
 */
record IncrementalPlan(AuditScope scope, Optional<RunRecord> baseline, Set<InputTable> changedTables) {
  private static final Logger LOG = LoggerFactory.getLogger(IncrementalPlan.class);

  /** The id of the run the changes were read against, if any. */
  Optional<String> baselineRunId() {
    return baseline.map(RunRecord::runId);
  }

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
    Optional<String> judgedOtherwise = judgedOtherwise(baseline, config.policy());
    if (judgedOtherwise.isPresent()) {
      LOG.info("Every snapshot is audited again: {} since run {}", judgedOtherwise.get(), baseline.runId());
      return everything(AuditScope.full());
    }
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
        Optional.of(baseline), changedTables);
  }

  /**
   * Why the baseline's findings would not be those of this run's policy, if so: a policy key that
   * decides what the rules find has changed (a rule disabled or enabled again included). Past
   * snapshots must then be judged again, as a full run does; a nightly run that audited only new
   * rows would leave the table judged under two policies. An optional table configured since is
   * not such a change: its rows are all news to the nightly run.
   */
  private static Optional<String> judgedOtherwise(RunRecord baseline, Policy policy) {
    List<String> keys = PolicyJson.judgingKeysChanged(PolicyJson.parse(baseline.provenance().policyJson()), policy);
    return keys.isEmpty() ? Optional.empty() : Optional.of("the policy changed (" + String.join(", ", keys) + ")");
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
        Optional.of(baseline), EnumSet.allOf(InputTable.class));
  }

  /** The input versions a run read. */
  static Map<InputTable, Long> versions(RunRecord run) {
    Map<InputTable, Long> versions = new EnumMap<>(InputTable.class);
    run.versions().inputs().forEach((table, version) -> versions.put(InputTable.fromName(table), version));
    return versions;
  }
}
