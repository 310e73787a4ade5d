package io.trainaudit.report;

import io.trainaudit.audit.Coverage;
import io.trainaudit.lineage.Lineage;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything one run's report shows, all of it bounded: counts from summary.json and audit_runs,
 * the last runs for the trend, and at most a capped number of sample findings per rule.
 *
 * @param runId the run
 * @param startedAt when it started
 * @param endedAt when it ended, or null
 * @param mode full or incremental
 * @param optOutMode the policy's opt-out mode
 * @param policyHash the hash of the policy the run applied
 * @param codeVersion the auditor that ran
 * @param coverage rows read, audited, quarantined and duplicate, and whether they reconcile
 * @param rules every rule the run applied, in the contract's order, with its count
 * @param notChecked every rule the run did not check, with why (disabled, or a table not configured)
 * @param byRegionGroup finding counts by region group
 * @param snapshots finding counts per snapshot
 * @param trend the last runs, oldest first, ending with this one
 * @param samples the first findings of each rule, by rule id
 * @param inputVersions the Delta version of every input table read
 * @param policy the policy the run applied, key by key
 * @param lineage the run's model versions and model impact, or that no model lineage is configured
 */
public record ReportData(
    String runId,
    Instant startedAt,
    Instant endedAt,
    String mode,
    String optOutMode,
    String policyHash,
    String codeVersion,
    Coverage coverage,
    List<RuleCount> rules,
    Map<String, String> notChecked,
    Map<String, Long> byRegionGroup,
    List<SnapshotCount> snapshots,
    List<TrendPoint> trend,
    Map<String, List<Sample>> samples,
    Map<String, Long> inputVersions,
    Map<String, String> policy,
    Lineage lineage) {

  /** The data of a run without model lineage. */
  public ReportData(String runId, Instant startedAt, Instant endedAt, String mode, String optOutMode,
      String policyHash, String codeVersion, Coverage coverage, List<RuleCount> rules,
      Map<String, String> notChecked, Map<String, Long> byRegionGroup, List<SnapshotCount> snapshots,
      List<TrendPoint> trend, Map<String, List<Sample>> samples, Map<String, Long> inputVersions,
      Map<String, String> policy) {
    this(runId, startedAt, endedAt, mode, optOutMode, policyHash, codeVersion, coverage, rules, notChecked,
        byRegionGroup, snapshots, trend, samples, inputVersions, policy, Lineage.notConfigured());
  }

  public ReportData {
    Objects.requireNonNull(lineage, "lineage");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(coverage, "coverage");
    rules = List.copyOf(rules);
    notChecked = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(notChecked));
    byRegionGroup = Collections.unmodifiableMap(new TreeMap<>(byRegionGroup));
    snapshots = List.copyOf(snapshots);
    trend = List.copyOf(trend);
    samples = Map.copyOf(samples);
    inputVersions = Collections.unmodifiableMap(new TreeMap<>(inputVersions));
    policy = Collections.unmodifiableMap(new TreeMap<>(policy));
  }

  /** One rule's findings in the run. */
  public record RuleCount(String ruleId, String severity, String description, long count) {
    public RuleCount {
      Objects.requireNonNull(ruleId, "ruleId");
      Objects.requireNonNull(severity, "severity");
    }
  }

  /**
   * One snapshot's audited rows and findings, and its link to the pre-training gate.
   *
   * @param clearance the clearance status summary.json gives it; null for a summary written before clearances
   * @param gateRunId the gate run that cleared it; null if none
   */
  public record SnapshotCount(String snapshotId, String capturedAt, String purpose, String recipient,
      long rowsAudited, long violations, long unverifiable, String clearance, String gateRunId) {
    /** A snapshot without a link to the gate. */
    public SnapshotCount(String snapshotId, String capturedAt, String purpose, String recipient, long rowsAudited,
        long violations, long unverifiable) {
      this(snapshotId, capturedAt, purpose, recipient, rowsAudited, violations, unverifiable, null, null);
    }
  }

  /** One earlier (or this) run's outcome, for the trend. */
  public record TrendPoint(String runId, Instant startedAt, long violations, long unverifiable) {}

  /** One finding as the report shows it; the member id is raw here and pseudonymised when rendered. */
  public record Sample(String snapshotId, String capturedAt, String purpose, String recipient, String recordId,
      String memberId, String regionGroup, String evidenceJson) {}
}
