package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.CodeVersion;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.PolicyJson;
import io.trainaudit.lineage.Lineage;
import io.trainaudit.lineage.LineageJson;
import io.trainaudit.rules.Rule;
import io.trainaudit.rules.RuleId;
import io.trainaudit.rules.Severity;
import io.trainaudit.tables.Findings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Computes a run's {@link SummaryFile}: coverage, findings by rule, the rules not checked and why,
 * findings by severity, region group and snapshot, the policy, the input versions and the
 * conclusion. Built from bounded aggregates of the run's findings.
 */
public final class RunSummary {
  private static final String NO_REGION = "UNKNOWN";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SummaryFile file;

  private RunSummary(SummaryFile file) {
    this.file = file;
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
    Map<String, SummaryFile.RuleFindings> findingsByRule = new LinkedHashMap<>();
    for (Rule rule : rules) {
      findingsByRule.put(rule.id().name(),
          new SummaryFile.RuleFindings(rule.severity().value(), byRule.get(rule.id().name()), rule.description()));
    }
    Map<String, String> unchecked = new LinkedHashMap<>();
    notChecked.forEach((rule, reason) -> unchecked.put(rule.name(), reason));
    // Rows without a snapshot id are counted under a null snapshot: they were all quarantined, so have no findings.
    List<SummaryFile.Snapshot> entries = snapshots.stream()
        .map(s -> snapshot(s, s.snapshotId() == null ? Map.of() : bySnapshotSeverity.get(s.snapshotId())))
        .toList();
    return new RunSummary(new SummaryFile(runId, startedAt.toString(), Instant.now().toString(), mode,
        Conclusion.of(bySeverity.get(Severity.VIOLATION.value())), coverage, quarantinedByTable, findingsByRule,
        unchecked, bySeverity, byRegion, entries, JSON.valueToTree(PolicyJson.asMap(config.policy())), PolicyJson.hash(config.policy()),
        inputVersions, CodeVersion.get(), config.source() == null ? null : config.source().toString(), null));
  }

  /** This summary with each snapshot's link to the pre-training gate's clearance, where the gate has one. */
  public RunSummary withClearances(Map<String, SnapshotClearance> clearances) {
    return new RunSummary(file.withSnapshots(file.snapshots().stream()
        .map(s -> {
          SnapshotClearance clearance = s.snapshotId() == null ? null : clearances.get(s.snapshotId());
          return clearance == null ? s : s.withClearance(new SummaryFile.Clearance(clearance.status().value(),
              clearance.gateRunId(), clearance.clearanceFile()));
        })
        .toList()));
  }

  /** This summary with the run's model lineage: its model versions and model impact, or that none is configured. */
  public RunSummary withLineage(Lineage lineage) {
    return new RunSummary(file.withModelLineage(JSON.valueToTree(LineageJson.toMap(lineage))));
  }

  public long violations() {
    return file.findingsBySeverity().get(Severity.VIOLATION.value());
  }

  public long unverifiable() {
    return file.findingsBySeverity().get(Severity.UNVERIFIABLE.value());
  }

  public Map<String, Long> findingsByRule() {
    Map<String, Long> counts = new LinkedHashMap<>();
    file.findingsByRule().forEach((rule, findings) -> counts.put(rule, findings.count()));
    return counts;
  }

  public SummaryFile file() {
    return file;
  }

  /** Writes {@code reports/<run id>/summary.json}, replacing any earlier attempt at it. */
  public Path write(Path reportsDir) {
    return file.write(reportsDir);
  }

  private static SummaryFile.Snapshot snapshot(SnapshotCoverage s, Map<String, Long> bySeverity) {
    Map<String, Long> severities = bySeverity == null ? Map.of() : bySeverity;
    return new SummaryFile.Snapshot(s.snapshotId(), s.capturedAt() == null ? null : s.capturedAt().toString(),
        s.purpose(), s.recipient(), s.rowsRead(), s.rowsAudited(), s.rowsQuarantined(), s.rowsDuplicate(),
        severities.getOrDefault(Severity.VIOLATION.value(), 0L), severities.getOrDefault(Severity.UNVERIFIABLE.value(), 0L),
        null);
  }
}
