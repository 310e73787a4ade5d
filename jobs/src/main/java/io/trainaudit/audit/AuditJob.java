package io.trainaudit.audit;

import io.trainaudit.AuditException;
import io.trainaudit.CodeVersion;
import io.trainaudit.Errors;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.PolicyJson;
import io.trainaudit.lineage.Lineage;
import io.trainaudit.rules.Policy;
import io.trainaudit.rules.Rule;
import io.trainaudit.rules.RuleRegistry;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.Quarantine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The audit of every training row against every enabled rule: read the inputs at pinned
 * versions, take the lease on the outputs, then compute the run's {@link RunOutcome} (evaluate all
 * rules over one plan, reconcile coverage, stage the invalid rows, link clearances, digest and
 * count the findings) before writing anything, and commit it: quarantine, findings, model impact,
 * summary, run record. Whatever fails once the run holds the lease rolls its writes back and
 * records it as failed with the cause. Rendering the run's report is the caller's business.
 */
public final class AuditJob {
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AuditJob.class);

  private final SparkSession spark;
  private final AuditConfig config;
  private final Policy policy;
  private final List<Rule> rules;
  private final AuditScope scope;

  public AuditJob(SparkSession spark, AuditConfig config) {
    this(spark, config, AuditScope.full());
  }

  public AuditJob(SparkSession spark, AuditConfig config, AuditScope scope) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.config = Objects.requireNonNull(config, "config");
    this.policy = config.policy();
    this.rules = RuleRegistry.checked(policy, Set.copyOf(config.inputTables()));
  }

  public AuditResult run() {
    Instant startedAt = Instant.now();
    String runId = newRunId(startedAt);
    Progress progress = new Progress("audit " + runId);
    spark.sparkContext().setJobGroup(runId, "trainaudit " + scope.mode() + " audit " + runId, false);
    try {
      AuditInputs inputs = AuditInputs.open(spark, config);
      progress.phase("inputs opened", "versions " + inputs.versionsByName());
      RunStore runs = new RunStore(spark, config.output().auditRuns());
      // Where a rollback returns to is on record from the first commit: most runs need no second one.
      RunRecord started = RunRecord.started(runId, startedAt, scope.mode(), policy.optOutMode().configValue(),
          inputs.versionsByName(), PolicyJson.hash(policy), PolicyJson.json(policy), CodeVersion.get(), configFile(),
          LeaseOwner.current().encoded()).withOutputVersions(new Rollback(spark, config).versions());
      try (RunLease lease =
          RunLease.acquire(runs, started, Duration.ofSeconds(config.output().leaseSeconds()))) {
        progress.phase("lease taken", "until renewed; " + lease.dead().size() + " dead run(s) to roll back");
        return underLease(started, inputs, runs, lease, progress);
      }
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  /** Everything the run does once it holds the outputs: any failure rolls it back. */
  private AuditResult underLease(RunRecord started, AuditInputs inputs, RunStore runs, RunLease lease,
      Progress progress) {
    Rollback rollback = new Rollback(spark, config);
    RunRecord record = started;
    try {
      rollback.recoverAbandonedRuns(runs, lease);
      Map<String, Long> outputs = rollback.outputVersions();
      if (!outputs.equals(record.versions().outputs())) {
        // Written between this run's first look and its lease (a rollback, a run that ended then).
        record = record.withOutputVersions(outputs);
        runs.record(record);
      }
      warnAboutRetention();
      lease.check();
      FindingsStore findings = new FindingsStore(spark, config.output().findings());
      if (findings.needsIdMigration(runs)) {
        findings.migrateIds();
      }
      IncrementalPlan plan = scope.needsPlanning()
          ? IncrementalPlan.plan(spark, config, inputs, runs)
          : IncrementalPlan.everything(scope);
      // Recorded with the run's end (or failure): a run killed before keeps the mode it was started in.
      record = record.planned(plan.scope().mode(), plan.baselineRunId().orElse(null));
      progress.phase("planned", plan.scope().mode() + plan.baselineRunId().map(b -> " since " + b).orElse("")
          + plan.scope().snapshotIds().map(ids -> ", snapshots in full " + ids).orElse(", every snapshot"));
      AuditResult result = audit(record, plan, inputs, runs, lease, progress);
      progress.phase("run recorded", result.conclusion().name());
      return result;
    } catch (Throwable e) {
      throw failed(record, e, rollback, runs, lease);
    }
  }

  /**
   * Rolls a failed run back and records why, unless another run took its outputs over (then that
   * run rolled it back); returns what the caller throws: the failure itself, with its real cause.
   */
  private RuntimeException failed(RunRecord record, Throwable failure, Rollback rollback, RunStore runs,
      RunLease lease) {
    if (!lease.held()) {
      return failure instanceof AuditException audit ? audit : Errors.leaseLost(record.runId(), failure.toString());
    }
    String restored;
    try {
      restored = rollback.restore(record.versions().outputs());
    } catch (Exception e) {
      failure.addSuppressed(e);
      restored = "not rolled back: " + e;
    }
    try {
      runs.ended(record.failed(describe(failure) + " (rolled back: " + restored + ")"));
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return failure instanceof RuntimeException runtime ? runtime : Errors.runFailed(record.runId(), failure);
  }

  private static String describe(Throwable failure) {
    return failure instanceof AuditException ? failure.getMessage() : failure.toString();
  }

  /** Computes the run's outcome, then commits it: nothing is written before everything is known. */
  private AuditResult audit(RunRecord started, IncrementalPlan plan, AuditInputs inputs, RunStore runs,
      RunLease lease, Progress progress) {
    RunOutcome outcome = compute(started, plan, inputs, progress);
    try (QuarantineStore.Staged quarantine = outcome.quarantine()) {
      return commit(started, plan, outcome, inputs, runs, lease, progress);
    }
  }

  /**
   * Everything the run concludes, from the inputs alone: the evaluation, the quarantine (its
   * training rows must be those the evaluation counted), each snapshot's clearance, the findings
   * digest and the summary's counts, from the staged findings.
   */
  private RunOutcome compute(RunRecord started, IncrementalPlan plan, AuditInputs inputs, Progress progress) {
    AuditScope scope = plan.scope();
    String runId = started.runId();
    Evaluation evaluation = Evaluation.run(inputs, scope, policy, rules, runId, stagingDir(runId), progress);
    QuarantineStore.Staged quarantine = new QuarantineStore(spark, config.output().quarantine())
        .stage(quarantined(inputs, evaluation, plan.changedTables(), runId));
    try {
      long trainingQuarantined = quarantine.counts().getOrDefault(InputTable.TRAINING_SNAPSHOTS.tableName(), 0L);
      if (trainingQuarantined != evaluation.coverage().rowsQuarantined()) {
        throw Errors.coverage(evaluation.coverage().rowsQuarantined() + " invalid training rows counted but "
            + trainingQuarantined + " quarantined");
      }
      Map<String, SnapshotClearance> clearances = new SnapshotClearances(spark, config).of(scope, evaluation, inputs);
      progress.phase("clearances linked", SnapshotClearances.describe(clearances));
      Dataset<Row> runFindings = evaluation.findings();
      RunSummary summary = RunSummary.of(runId, started.startedAt(), scope.mode(), config, inputs.versionsByName(),
          evaluation.coverage(), evaluation.snapshots(), quarantine.counts(), runFindings, rules,
          RuleRegistry.notChecked(policy, inputs.tables())).withClearances(clearances);
      RunOutcome outcome = new RunOutcome(evaluation, quarantine, FindingsDigest.of(runFindings), summary);
      progress.phase("outcome computed", summary.violations() + " violations, " + summary.unverifiable()
          + " unverifiable; invalid rows by table " + quarantine.counts());
      return outcome;
    } catch (Throwable e) {
      quarantine.close();
      throw e;
    }
  }

  /**
   * Writes the outcome, in order, each step checking the lease first: the quarantine, the
   * findings, the model impact (from the findings as merged), the summary file, the run record.
   */
  private AuditResult commit(RunRecord started, IncrementalPlan plan, RunOutcome outcome, AuditInputs inputs,
      RunStore runs, RunLease lease, Progress progress) {
    String runId = started.runId();
    AuditScope scope = plan.scope();
    Evaluation evaluation = outcome.evaluation();
    lease.check();
    new QuarantineStore(spark, config.output().quarantine()).commit(outcome.quarantine());
    progress.phase("quarantine", "rows by table " + outcome.quarantine().counts());
    lease.check();
    // A nightly run with no training row in scope has nothing to confirm, open or retract.
    boolean findingsUnchanged = scope.mode() == RunMode.INCREMENTAL && evaluation.coverage().rowsRead() == 0;
    if (findingsUnchanged) {
      progress.phase("findings merged", "no training row in scope: no finding opened, confirmed or retracted");
    } else {
      new FindingsStore(spark, config.output().findings()).merge(evaluation.findings(), scope, evaluation.training(),
          rules.stream().map(r -> r.id().name()).toList(), runId,
          runScratch(runId) + "/merge");
      progress.phase("findings merged", outcome.summary().violations() + " violations, "
          + outcome.summary().unverifiable() + " unverifiable");
    }
    ModelImpactJob modelImpact = new ModelImpactJob(spark, config);
    Optional<RunRecord> sameImpact = findingsUnchanged
        ? plan.baseline().filter(baseline -> impactUnchangedSince(baseline, inputs))
        : Optional.empty();
    Lineage lineage = sameImpact.map(baseline -> modelImpact.carryOver(baseline.runId(), runId, inputs))
        .orElseGet(() -> modelImpact.run(runId, inputs));
    progress.phase("model impact", (lineage.configured() ? lineage.impact().size() + " row(s)" : Lineage.NOT_CONFIGURED)
        + sameImpact.map(baseline -> ", carried over from " + baseline.runId()).orElse(""));
    RunSummary summary = outcome.summary().withLineage(lineage);
    Path summaryFile = summary.write(config.output().reports());
    deleteStaging(spark, stagingDir(runId));
    AuditResult result = new AuditResult(runId, evaluation.coverage(), evaluation.snapshots(), summary.violations(),
        summary.unverifiable(), summary.findingsByRule(), summaryFile);
    lease.check();
    runs.ended(started.succeeded(result,
        scope.mode() == RunMode.INCREMENTAL ? List.copyOf(scope.snapshotIds().orElseThrow()) : result.snapshotIds(),
        outcome.digest(), new Rollback(spark, config).versions()));
    return result;
  }

  /**
   * Whether the model impact of the open findings cannot have changed since the run's baseline:
   * the findings table is at the version that run left it at, and the training and model_trainings
   * tables are at the versions it read (the lineage is the valid model_trainings rows whose
   * snapshot the training table holds).
   */
  private boolean impactUnchangedSince(RunRecord baseline, AuditInputs inputs) {
    if (!inputs.has(InputTable.MODEL_TRAININGS)) {
      return false;
    }
    boolean sameInputs = List.of(InputTable.TRAINING_SNAPSHOTS, InputTable.MODEL_TRAININGS).stream()
        .allMatch(t -> inputs.versions().get(t).equals(baseline.versions().inputs().get(t.tableName())));
    return sameInputs && new Rollback(spark, config).versions().get(Rollback.FINDINGS)
        .equals(baseline.versions().results().get(Rollback.FINDINGS));
  }

  private void warnAboutRetention() {
    List<String> retention = RetentionCheck.warnings(spark, config);
    if (!retention.isEmpty()) {
      LOG.warn("Retention: {} table setting(s) let versions expire before policy.evidence_retention_days, e.g. {}",
          retention.size(), retention.get(0));
    }
  }

  /**
   * The invalid rows to quarantine: those of the training rows in scope, and of the history tables
   * that may hold rows no run has met (all of them, but for an incremental run the changed ones).
   */
  private Dataset<Row> quarantined(AuditInputs inputs, Evaluation evaluation, Set<InputTable> tables, String runId) {
    if (evaluation.quarantinedByPass()) {
      return evaluation.quarantined(inputs);
    }
    // The inventory already counted the invalid training rows: most nights there are none to scan for.
    Dataset<Row> rows = evaluation.coverage().rowsQuarantined() > 0
        ? evaluation.training().quarantined(runId)
        : spark.createDataFrame(List.of(), QuarantineStore.SCHEMA.add("_unused", "string")).drop("_unused")
            .drop(Quarantine.COPIES);
    for (InputTable table : inputs.tables()) {
      if (table != InputTable.TRAINING_SNAPSHOTS && tables.contains(table)) {
        rows = rows.unionByName(inputs.table(table).quarantined(runId));
      }
    }
    return rows;
  }

  String stagingDir(String runId) {
    return runScratch(runId) + "/findings";
  }

  /** The run's scratch folder, removed once the run has written its outcome. */
  private String runScratch(String runId) {
    return config.output().staging() + "/" + runId;
  }

  /** Removes a run's scratch folder (the parent of its findings staging directory). */
  static void deleteStaging(SparkSession spark, String staging) {
    try {
      org.apache.hadoop.fs.Path runDir = new org.apache.hadoop.fs.Path(staging).getParent();
      FileSystem fs = runDir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(runDir, true);
    } catch (IOException e) {
      throw Errors.io("remove the staging directory " + staging, e);
    }
  }

  private String configFile() {
    return config.source() == null ? null : config.source().toString();
  }

  static String newRunId(Instant startedAt) {
    byte[] random = new byte[3];
    ThreadLocalRandom.current().nextBytes(random);
    return "run-" + RUN_ID_TIME.format(startedAt) + "-" + HexFormat.of().formatHex(random);
  }
}
