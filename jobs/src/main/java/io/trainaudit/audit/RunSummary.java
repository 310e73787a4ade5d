package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trainaudit.CodeVersion;
import io.trainaudit.Errors;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.PolicyJson;
import io.trainaudit.lineage.Lineage;
import io.trainaudit.lineage.LineageJson;
import io.trainaudit.rules.Rule;
import io.trainaudit.rules.RuleId;
import io.trainaudit.rules.Severity;
import io.trainaudit.tables.Findings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A run's summary.json: coverage, findings by rule, the rules not checked and why, findings by
 * severity, region group and snapshot, the policy, the input versions and the conclusion. Built
 * from bounded aggregates of the run's findings.
 */
public final class RunSummary {
  public static final String FILE_NAME = "summary.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String NO_REGION = "UNKNOWN";
  /** The rules a run did not check, each with why. */
  public static final String NOT_CHECKED = "not_checked";

  private final String runId;
  private final Map<String, Object> document;
  private final long violations;
  private final long unverifiable;
  private final Map<String, Long> findingsByRule;

  private RunSummary(String runId, Map<String, Object> document, long violations, long unverifiable,
      Map<String, Long> findingsByRule) {
    this.runId = runId;
    this.document = document;
    this.violations = violations;
    this.unverifiable = unverifiable;
    this.findingsByRule = findingsByRule;
  }

  /**
   * The summary of a run that checked {@code rules}; {@code notChecked} names every other rule with
   * why it was not checked (disabled, or an optional table not configured), so that no report
   * claims a promise held that was never checked.
   */
  public static RunSummary of(String runId, Instant startedAt, RunMode mode, AuditConfig config,
      Map<String, Long> inputVersions, Coverage coverage, List<SnapshotCoverage> snapshots,
      Map<String, Long> quarantinedByTable, Dataset<Row> runFindings, List<Rule> rules,
      Map<RuleId, String> notChecked) {
    Map<String, Long> byRule = new LinkedHashMap<>();
    rules.forEach(r -> byRule.put(r.id().name(), 0L));
    Map<String, Long> bySeverity = new LinkedHashMap<>();
    for (Severity s : Severity.values()) {
      bySeverity.put(s.value(), 0L);
    }
    Map<String, Long> byRegion = new TreeMap<>();
    Map<String, Map<String, Long>> bySnapshotSeverity = new TreeMap<>();
    List<Row> groups =
        runFindings.groupBy(col(Findings.RULE_ID), col(Findings.SEVERITY), col(Findings.REGION_GROUP), col(Findings.SNAPSHOT_ID))
            .count()
            .collectAsList();
    for (Row g : groups) {
      long n = g.getLong(4);
      byRule.merge(g.getString(0), n, Long::sum);
      bySeverity.merge(g.getString(1), n, Long::sum);
      byRegion.merge(g.isNullAt(2) ? NO_REGION : g.getString(2), n, Long::sum);
      bySnapshotSeverity.computeIfAbsent(g.getString(3), k -> new TreeMap<>()).merge(g.getString(1), n, Long::sum);
    }
    long violations = bySeverity.get(Severity.VIOLATION.value());
    long unverifiable = bySeverity.get(Severity.UNVERIFIABLE.value());

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("run_id", runId);
    doc.put("started_at", startedAt.toString());
    doc.put("ended_at", Instant.now().toString());
    doc.put("mode", mode.value());
    doc.put("conclusion", Conclusion.of(violations).name());
    doc.put("coverage", coverageMap(coverage));
    doc.put("quarantined_rows_by_table", quarantinedByTable);
    doc.put("findings_by_rule", rulesMap(rules, byRule));
    Map<String, String> unchecked = new LinkedHashMap<>();
    notChecked.forEach((rule, reason) -> unchecked.put(rule.name(), reason));
    doc.put(NOT_CHECKED, unchecked);
    doc.put("findings_by_severity", bySeverity);
    doc.put("findings_by_region_group", byRegion);
    // Rows without a snapshot id are counted under a null snapshot: they were all quarantined, so have no findings.
    doc.put("snapshots", snapshots.stream()
        .map(s -> snapshotMap(s, s.snapshotId() == null ? Map.of() : bySnapshotSeverity.get(s.snapshotId())))
        .toList());
    doc.put("policy", PolicyJson.asMap(config.policy()));
    doc.put("policy_hash", PolicyJson.hash(config.policy()));
    doc.put("input_versions", inputVersions);
    doc.put("code_version", CodeVersion.get());
    doc.put("config_file", config.source() == null ? null : config.source().toString());
    return new RunSummary(runId, doc, violations, unverifiable, byRule);
  }

  /**
   * This summary with each snapshot's link to the pre-training gate's clearance: a {@code clearance}
   * object ({@code status}, {@code gate_run_id}, {@code clearance_file}) in each entry of
   * {@code snapshots} that has a snapshot id.
   */
  public RunSummary withClearances(Map<String, SnapshotClearance> clearances) {
    Map<String, Object> doc = new LinkedHashMap<>(document);
    List<Map<String, Object>> snapshots = new java.util.ArrayList<>();
    for (Object entry : (List<?>) document.get("snapshots")) {
      Map<String, Object> snapshot = new LinkedHashMap<>();
      ((Map<?, ?>) entry).forEach((k, v) -> snapshot.put((String) k, v));
      Object id = snapshot.get("snapshot_id");
      SnapshotClearance clearance = id == null ? null : clearances.get(id);
      if (clearance != null) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("status", clearance.status().value());
        link.put("gate_run_id", clearance.gateRunId());
        link.put("clearance_file", clearance.clearanceFile());
        snapshot.put("clearance", link);
      }
      snapshots.add(snapshot);
    }
    doc.put("snapshots", snapshots);
    return new RunSummary(runId, doc, violations, unverifiable, findingsByRule);
  }

  /** This summary with the run's model lineage: its model versions and model impact, or that none is configured. */
  public RunSummary withLineage(Lineage lineage) {
    Map<String, Object> doc = new LinkedHashMap<>(document);
    doc.put(LineageJson.KEY, LineageJson.toMap(lineage));
    return new RunSummary(runId, doc, violations, unverifiable, findingsByRule);
  }

  public long violations() {
    return violations;
  }

  public long unverifiable() {
    return unverifiable;
  }

  public Map<String, Long> findingsByRule() {
    return findingsByRule;
  }

  public Map<String, Object> document() {
    return document;
  }

  /** Writes {@code reports/<run id>/summary.json}, replacing any earlier attempt at it. */
  public Path write(Path reportsDir) {
    Path file = reportsDir.resolve(runId).resolve(FILE_NAME);
    try {
      Files.createDirectories(file.getParent());
      Path partial = file.resolveSibling(FILE_NAME + ".partial");
      JSON.writeValue(partial.toFile(), document);
      Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw Errors.io("write the run summary " + file, e);
    }
  }

  private static Map<String, Object> coverageMap(Coverage coverage) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("rows_read", coverage.rowsRead());
    map.put("rows_audited", coverage.rowsAudited());
    map.put("rows_quarantined", coverage.rowsQuarantined());
    map.put("rows_duplicate", coverage.rowsDuplicate());
    map.put("reconciled", coverage.reconciles());
    return map;
  }

  private static Map<String, Object> rulesMap(List<Rule> rules, Map<String, Long> counts) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Rule rule : rules) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("severity", rule.severity().value());
      entry.put("count", counts.get(rule.id().name()));
      entry.put("description", rule.description());
      map.put(rule.id().name(), entry);
    }
    return map;
  }

  private static Map<String, Object> snapshotMap(SnapshotCoverage s, Map<String, Long> bySeverity) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("snapshot_id", s.snapshotId());
    map.put("captured_at", s.capturedAt() == null ? null : s.capturedAt().toString());
    map.put("purpose", s.purpose());
    map.put("recipient", s.recipient());
    map.put("rows_read", s.rowsRead());
    map.put("rows_audited", s.rowsAudited());
    map.put("rows_quarantined", s.rowsQuarantined());
    map.put("rows_duplicate", s.rowsDuplicate());
    Map<String, Long> severities = bySeverity == null ? Map.of() : bySeverity;
    map.put("violations", severities.getOrDefault(Severity.VIOLATION.value(), 0L));
    map.put("unverifiable", severities.getOrDefault(Severity.UNVERIFIABLE.value(), 0L));
    return map;
  }
}
