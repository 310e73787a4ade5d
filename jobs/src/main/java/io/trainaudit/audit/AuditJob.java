package io.trainaudit.audit;


import io.trainaudit.CodeVersion;
import io.trainaudit.Errors;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.Policy;
import io.trainaudit.config.PolicyJson;
import io.trainaudit.report.RunReport;
import io.trainaudit.report.RunSummary;
import io.trainaudit.rules.Rule;
import io.trainaudit.rules.RuleRegistry;
import io.trainaudit.tables.InputTable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import io.trainaudit.tables.Quarantine;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The audit of every training row against every enabled rule: read the inputs at pinned
 * versions, quarantine what cannot be audited, enrich each row once, evaluate all rules over that
 * one plan, merge the findings, reconcile coverage, and record the run.
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
    this.rules = RuleRegistry.enabled(policy);
  }

  public AuditResult run() {
    Instant startedAt = Instant.now();
    String runId = newRunId(startedAt);
    Progress progress = new Progress("audit " + runId);
    try (AutoCloseable lock = RunLock.acquire(config.output().staging(), runId).orElse(null)) {
      spark.sparkContext().setJobGroup(runId, "trainaudit " + scope.mode() + " audit " + runId, false);
      AuditInputs inputs = AuditInputs.open(spark, config);
      progress.phase("inputs opened", "versions " + inputs.versionsByName());
      List<String> retention = RetentionCheck.warnings(spark, config);
      if (!retention.isEmpty()) {
        LOG.warn("Retention: {} table setting(s) let input versions expire before policy.evidence_retention_days,"
            + " e.g. {}", retention.size(), retention.get(0));
      }
      RunStore runs = new RunStore(spark, config.output().auditRuns());
      Rollback rollback = new Rollback(spark, config);
      rollback.recoverAbandonedRuns(runs);
      IncrementalPlan plan = scope.needsPlanning()
          ? IncrementalPlan.plan(spark, config, inputs, runs)
          : IncrementalPlan.everything(scope);
      progress.phase("planned", plan.scope().mode() + plan.baselineRunId().map(b -> " since " + b).orElse("")
          + plan.scope().snapshotIds().map(ids -> ", snapshots in full " + ids).orElse(", every snapshot"));
      RunRecord started = RunRecord.started(runId, startedAt, plan.scope().mode(), policy.optOutMode().configValue(),
              inputs.versionsByName(), rollback.outputVersions(), PolicyJson.hash(policy), PolicyJson.json(policy),
              CodeVersion.get(), configFile())
          .planned(plan.scope().mode(), plan.baselineRunId().orElse(null));
      runs.started(started);
      try {
        AuditResult result = audit(started, plan, inputs, progress);
        progress.phase("run recorded", result.conclusion());
        return result;
      } catch (RuntimeException e) {
        String restored = rollback.restore(started.outputVersions());
        runs.ended(started.failed(e.getMessage() + " (rolled back: " + restored + ")"));
        throw e;
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw Errors.io("release the run lock", e);
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  private AuditResult audit(RunRecord started, IncrementalPlan plan, AuditInputs inputs, Progress progress) {
    AuditScope scope = plan.scope();
    String runId = started.runId();
    String staging = stagingDir(runId);
    Evaluation evaluation = Evaluation.run(inputs, scope, policy, rules, runId, staging, progress);
    Map<String, Long> quarantined = quarantine(inputs, evaluation, plan.changedTables(), runId);
    long trainingQuarantined = quarantined.getOrDefault(InputTable.TRAINING_SNAPSHOTS.tableName(), 0L);
    if (trainingQuarantined != evaluation.coverage().rowsQuarantined()) {
      throw Errors.coverage(evaluation.coverage().rowsQuarantined() + " invalid training rows counted but "
          + trainingQuarantined + " quarantined");
    }
    progress.phase("quarantine", "rows by table " + quarantined);

    Dataset<Row> runFindings = spark.read().parquet(staging);
    String digest = FindingsDigest.of(runFindings);
    new FindingsStore(spark, config.output().findings())
        .merge(runFindings, scope, evaluation.training(), rules.stream().map(r -> r.id().name()).toList(), runId);
    RunSummary summary = RunSummary.of(runId, started.startedAt(), scope.mode(), config, inputs.versionsByName(),
        evaluation.coverage(), evaluation.snapshots(), quarantined, runFindings, rules);
    Path summaryFile = summary.write(config.output().reports());
    progress.phase("findings merged", summary.violations() + " violations, " + summary.unverifiable() + " unverifiable");
    deleteStaging(spark, staging);
    AuditResult result = new AuditResult(runId, evaluation.coverage(), evaluation.snapshots(), summary.violations(),
        summary.unverifiable(), summary.findingsByRule(), summaryFile);
    new RunStore(spark, config.output().auditRuns()).ended(started.succeeded(result,
        scope.mode().equals(AuditScope.INCREMENTAL) ? List.copyOf(scope.snapshotIds().orElseThrow()) : result.snapshotIds(),
        digest));
    new RunReport(spark, config).write(runId, false);
    return result;
  }

  /**
   * Quarantines the invalid rows of the training rows in scope and of the history tables that may
   * hold rows no run has met (all of them, but for an incremental run the changed ones), in one
   * commit, and returns how many each table had.
   */
  private Map<String, Long> quarantine(AuditInputs inputs, Evaluation evaluation, Set<InputTable> tables,
      String runId) {
    // The inventory already counted the invalid training rows: most nights there are none to scan for.
    Dataset<Row> rows = evaluation.coverage().rowsQuarantined() > 0
        ? evaluation.training().quarantined(runId)
        : spark.createDataFrame(List.of(), QuarantineStore.SCHEMA.add("_unused", "string")).drop("_unused")
            .drop(Quarantine.COPIES);
    for (InputTable table : InputTable.values()) {
      if (table != InputTable.TRAINING_SNAPSHOTS && tables.contains(table)) {
        rows = rows.unionByName(inputs.table(table).quarantined(runId));
      }
    }
    return new QuarantineStore(spark, config.output().quarantine()).merge(rows);
  }

  String stagingDir(String runId) {
    return config.output().staging() + "/" + runId + "/findings";
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
