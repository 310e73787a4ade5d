package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.trainaudit.AuditException;
import io.trainaudit.CodeVersion;
import io.trainaudit.ErrorCode;
import io.trainaudit.Errors;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.Policy;
import io.trainaudit.config.PolicyJson;
import io.trainaudit.report.RunSummary;
import io.trainaudit.rules.AuditRow;
import io.trainaudit.rules.Rule;
import io.trainaudit.rules.RuleRegistry;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.ValidatedTable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The audit of every training row against every enabled rule: read the inputs at pinned
 * versions, quarantine what cannot be audited, enrich each row once, evaluate all rules over that
 * one plan, merge the findings, reconcile coverage, and record the run.
 */
public final class AuditJob {
  public static final String MODE_FULL = "full";

  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final AuditConfig config;
  private final Policy policy;
  private final List<Rule> rules;

  public AuditJob(SparkSession spark, AuditConfig config) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.config = Objects.requireNonNull(config, "config");
    this.policy = config.policy();
    this.rules = RuleRegistry.enabled(policy);
  }

  public AuditResult run() {
    Instant startedAt = Instant.now();
    String runId = newRunId(startedAt);
    Progress progress = new Progress("audit " + runId);
    spark.sparkContext().setJobGroup(runId, "trainaudit " + MODE_FULL + " audit " + runId, false);

    AuditInputs inputs = AuditInputs.open(spark, config);
    progress.phase("inputs opened", "versions " + inputs.versionsByName());
    RunRecord started = new RunRecord(runId, startedAt, null, "running", MODE_FULL,
        policy.optOutMode().configValue(), List.of(), inputs.versionsByName(), PolicyJson.hash(policy),
        PolicyJson.json(policy), CodeVersion.get(), configFile(), null, null, null, null, null);
    RunStore runs = new RunStore(spark, config.output().auditRuns());
    runs.started(started);
    try {
      AuditResult result = audit(runId, startedAt, inputs, progress);
      runs.ended(new RunRecord(runId, startedAt, Instant.now(), "succeeded", MODE_FULL, started.optOutMode(),
          result.snapshots().stream().map(SnapshotCoverage::snapshotId).filter(Objects::nonNull).toList(),
          started.inputVersions(), started.policyHash(), started.policyJson(), started.codeVersion(),
          started.configFile(), result.coverage(), result.violations(), result.unverifiable(), result.conclusion(),
          null));
      progress.phase("run recorded", result.conclusion());
      return result;
    } catch (RuntimeException e) {
      runs.ended(new RunRecord(runId, startedAt, Instant.now(), "failed", MODE_FULL, started.optOutMode(),
          List.of(), started.inputVersions(), started.policyHash(), started.policyJson(), started.codeVersion(),
          started.configFile(), null, null, null, null, String.valueOf(e.getMessage())));
      throw e;
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  private AuditResult audit(String runId, Instant startedAt, AuditInputs inputs, Progress progress) {
    ValidatedTable training = inputs.table(InputTable.TRAINING_SNAPSHOTS);
    List<SnapshotCoverage> snapshots = Inventory.of(training);
    Coverage expected = Coverage.sum(snapshots);
    progress.phase("inventory", Progress.rows(expected.rowsRead()) + " read in " + snapshots.size() + " snapshots");

    Map<String, Long> quarantined = quarantine(inputs, runId, expected.rowsQuarantined() > 0);
    progress.phase("quarantine", "rows by table " + quarantined);

    Observation observed = new Observation("coverage");
    Dataset<Row> enriched =
        Enrichment.enrich(inputs, training.valid(), policy)
            .observe(observed, count(lit(1)).as("audited"), sum(col(AuditRow.COPIES)).as("valid_rows"));
    String staging = stagingDir(runId);
    FindingsPlan.findings(enriched, rules, policy, runId).write().mode(SaveMode.Overwrite).parquet(staging);
    Map<String, Object> counts = observedCounts(observed);
    long audited = (Long) counts.get("audited");
    long duplicates = counts.get("valid_rows") == null ? 0 : (Long) counts.get("valid_rows") - audited;
    Coverage coverage =
        new Coverage(expected.rowsRead(), audited, quarantined.getOrDefault(InputTable.TRAINING_SNAPSHOTS.tableName(), 0L),
            duplicates);
    reconcile(expected, coverage);
    progress.phase("rules evaluated", Progress.rows(audited) + " audited against " + rules.size() + " rules");

    Dataset<Row> runFindings = spark.read().parquet(staging);
    new FindingsStore(spark, config.output().findings())
        .merge(runFindings, snapshots.stream().map(SnapshotCoverage::snapshotId).filter(Objects::nonNull).toList(),
            rules.stream().map(r -> r.id().name()).toList(), runId);
    RunSummary summary = RunSummary.of(runId, startedAt, MODE_FULL, config, inputs.versionsByName(), coverage,
        snapshots, quarantined, runFindings, rules);
    Path summaryFile = summary.write(config.output().reports());
    progress.phase("findings merged", summary.violations() + " violations, " + summary.unverifiable() + " unverifiable");
    deleteStaging(staging);
    return new AuditResult(runId, coverage, snapshots, summary.violations(), summary.unverifiable(),
        summary.findingsByRule(), summaryFile);
  }

  /** Writes every table's invalid rows in one commit and returns how many each had. */
  private Map<String, Long> quarantine(AuditInputs inputs, String runId, boolean trainingHasInvalidRows) {
    Dataset<Row> rows = null;
    for (InputTable table : InputTable.values()) {
      if (table == InputTable.TRAINING_SNAPSHOTS && !trainingHasInvalidRows) {
        continue;
      }
      Dataset<Row> invalid = inputs.table(table).quarantined(runId);
      rows = rows == null ? invalid : rows.unionByName(invalid);
    }
    OutputTables.ensure(spark, config.output().quarantine(), QuarantineStore.SCHEMA);
    OutputTables.append(rows, config.output().quarantine());
    return QuarantineStore.countsByTable(spark, config.output().quarantine(), runId);
  }

  private static Map<String, Object> observedCounts(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException(ErrorCode.INTERNAL, "Cannot conclude the audit: interrupted while counting rows", e);
    }
  }

  private static void reconcile(Coverage expected, Coverage actual) {
    if (!actual.reconciles() || !actual.equals(expected)) {
      throw Errors.coverage("the training table holds " + expected + " but the audit accounted for " + actual);
    }
  }

  private String stagingDir(String runId) {
    return config.output().staging() + "/" + runId + "/findings";
  }

  private void deleteStaging(String staging) {
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
