package io.trainaudit.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.audit.RunRecord;
import io.trainaudit.audit.RunStore;
import io.trainaudit.audit.SummaryFile;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.lineage.LineageJson;
import io.trainaudit.report.ReportData.RuleCount;
import io.trainaudit.report.ReportData.Sample;
import io.trainaudit.report.ReportData.SnapshotCount;
import io.trainaudit.report.ReportData.TrendPoint;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.Findings;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Reads what a run's report shows, in bounded driver memory: the counts from the run's
 * summary.json and its audit_runs row (never by rescanning findings), the last {@link #TREND_RUNS}
 * runs, and the first {@link #SAMPLES_PER_RULE} open findings of each rule, taken with a limit.
 */
public final class ReportSources {
  public static final int TREND_RUNS = 20;
  public static final int SAMPLES_PER_RULE = 25;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How the report names the rows read without a snapshot id (all of them quarantined). */
  static final String NO_SNAPSHOT_ID = "(no snapshot_id)";

  private final SparkSession spark;
  private final AuditConfig config;

  public ReportSources(SparkSession spark, AuditConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** The report's data for a run id, or {@code latest} for the most recent succeeded run. */
  public ReportData load(String runIdOrLatest) {
    RunRecord run = new RunStore(spark, config.output().auditRuns()).findSucceeded(runIdOrLatest, "report");
    String runId = run.runId();
    SummaryFile summary = SummaryFile.read(config.output().reports(), runId, "report");
    List<RuleCount> rules = rules(summary.findingsByRule());
    return new ReportData(
        runId,
        run.startedAt(),
        run.endedAt(),
        run.plan().mode().value(),
        run.provenance().optOutMode(),
        run.provenance().policyHash(),
        run.provenance().codeVersion(),
        summary.coverage(),
        rules,
        summary.notChecked(),
        summary.findingsByRegionGroup(),
        snapshots(summary.snapshots()),
        trend(run.startedAt()),
        samples(runId, rules),
        summary.inputVersions(),
        policy(summary.policy()),
        LineageJson.read(summary.modelLineage()));
  }

  /** The last succeeded runs up to this one, oldest first. */
  private List<TrendPoint> trend(Instant until) {
    List<TrendPoint> trend = new ArrayList<>();
    for (RunRecord run : new RunStore(spark, config.output().auditRuns()).lastSucceeded(until, TREND_RUNS)) {
      trend.add(new TrendPoint(run.runId(), run.startedAt(), run.outcome().violations(), run.outcome().unverifiable()));
    }
    Collections.reverse(trend);
    return trend;
  }

  /** The first open findings this run confirmed, per rule with findings, by snapshot and record. */
  private static final String RANK = "_rank";

  private Map<String, List<Sample>> samples(String runId, List<RuleCount> rules) {
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    if (rules.stream().allMatch(r -> r.count() == 0) || !DeltaTables.exists(spark, config.output().findings())) {
      return samples;
    }
    Dataset<Row> findings = DeltaTables.read(spark, config.output().findings())
        .where(col(Findings.AUDIT_RUN_ID).equalTo(lit(runId)).and(col(Findings.STATUS).equalTo(lit(Findings.STATUS_OPEN))))
        .select(Findings.SNAPSHOT_ID, Findings.CAPTURED_AT, Findings.PURPOSE, Findings.RECIPIENT, Findings.RECORD_ID,
            Findings.MEMBER_ID, Findings.REGION_GROUP, Findings.EVIDENCE, Findings.RULE_ID);
    // One scan for every rule: the first rows of each by snapshot and record, numbered per rule.
    Column rank = row_number().over(
        Window.partitionBy(col(Findings.RULE_ID)).orderBy(col(Findings.SNAPSHOT_ID), col(Findings.RECORD_ID)));
    List<Row> rows = findings.withColumn(RANK, rank)
        .where(col(RANK).leq(SAMPLES_PER_RULE))
        .orderBy(col(Findings.RULE_ID), col(RANK))
        .collectAsList();
    for (RuleCount rule : rules) {
      if (rule.count() > 0) {
        samples.put(rule.ruleId(), new ArrayList<>());
      }
    }
    for (Row r : rows) {
      List<Sample> taken = samples.get(r.getString(8));
      if (taken != null) {
        Timestamp captured = r.getTimestamp(1);
        taken.add(new Sample(r.getString(0), captured == null ? null : captured.toInstant().toString(), r.getString(2),
            r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7)));
      }
    }
    return samples;
  }

  private static List<RuleCount> rules(Map<String, SummaryFile.RuleFindings> byRule) {
    List<RuleCount> rules = new ArrayList<>();
    byRule.forEach((rule, findings) ->
        rules.add(new RuleCount(rule, findings.severity(), findings.description(), findings.count())));
    return rules;
  }

  private static List<SnapshotCount> snapshots(List<SummaryFile.Snapshot> snapshots) {
    List<SnapshotCount> list = new ArrayList<>();
    for (SummaryFile.Snapshot s : snapshots) {
      SummaryFile.Clearance clearance = s.clearance();
      list.add(new SnapshotCount(s.snapshotId() == null ? NO_SNAPSHOT_ID : s.snapshotId(), s.capturedAt(),
          s.purpose(), s.recipient(), s.rowsAudited(), s.violations(), s.unverifiable(),
          clearance == null ? null : clearance.status(), clearance == null ? null : clearance.gateRunId()));
    }
    return list;
  }

  private static Map<String, String> policy(JsonNode policy) {
    Map<String, String> map = new TreeMap<>();
    if (policy == null) {
      return map;
    }
    policy.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
    return map;
  }

  /** A policy value in plain words: lists as "a, b", maps as "key: value; key: value". */
  static String plain(JsonNode value) {
    if (value.isNull()) {
      return "none";
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(v -> items.add(plain(v)));
      return items.isEmpty() ? "none" : String.join(", ", items);
    }
    if (value.isObject()) {
      List<String> entries = new ArrayList<>();
      value.fields().forEachRemaining(e -> entries.add(e.getKey() + ": " + plain(e.getValue())));
      return entries.isEmpty() ? "none" : String.join("; ", entries);
    }
    return value.asText();
  }
}
