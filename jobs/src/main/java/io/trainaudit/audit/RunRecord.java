package io.trainaudit.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row of audit_runs: what a run read, under which policy and code, and what it concluded.
 * The outcome fields are null while the run is in progress.
 */
public record RunRecord(
    String runId,
    Instant startedAt,
    Instant endedAt,
    String status,
    String mode,
    String optOutMode,
    List<String> snapshots,
    Map<String, Long> inputVersions,
    Map<String, Long> outputVersions,
    String policyHash,
    String policyJson,
    String codeVersion,
    String configFile,
    Coverage coverage,
    Long violations,
    Long unverifiable,
    String conclusion,
    String findingsDigest,
    String baselineRunId,
    String message) {

  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  /** A run found still "running" by a later run: it was killed, and its writes were rolled back. */
  public static final String ABANDONED = "abandoned";

  public RunRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(status, "status");
    snapshots = List.copyOf(snapshots);
    inputVersions = Map.copyOf(inputVersions);
    outputVersions = Map.copyOf(outputVersions);
  }

  /** A run that has just started. */
  public static RunRecord started(String runId, Instant startedAt, String mode, String optOutMode,
      Map<String, Long> inputVersions, Map<String, Long> outputVersions, String policyHash, String policyJson,
      String codeVersion, String configFile) {
    return new RunRecord(runId, startedAt, null, RUNNING, mode, optOutMode, List.of(), inputVersions, outputVersions,
        policyHash, policyJson, codeVersion, configFile, null, null, null, null, null, null, null);
  }

  /** This run, planned: its mode and the run its changes were read against. */
  public RunRecord planned(String plannedMode, String baseline) {
    return new RunRecord(runId, startedAt, endedAt, status, plannedMode, optOutMode, snapshots, inputVersions,
        outputVersions, policyHash, policyJson, codeVersion, configFile, coverage, violations, unverifiable,
        conclusion, findingsDigest, baseline, message);
  }

  /** This run, completed with its result; {@code auditedInFull} are the snapshots it audited whole. */
  public RunRecord succeeded(AuditResult result, List<String> auditedInFull, String digest) {
    return new RunRecord(runId, startedAt, Instant.now(), SUCCEEDED, mode, optOutMode, auditedInFull,
        inputVersions, outputVersions, policyHash, policyJson, codeVersion, configFile, result.coverage(),
        result.violations(),
        result.unverifiable(), result.conclusion(), digest, baselineRunId, null);
  }

  /** This run, ended by a failure. */
  public RunRecord failed(String failure) {
    return new RunRecord(runId, startedAt, Instant.now(), FAILED, mode, optOutMode, snapshots, inputVersions,
        outputVersions, policyHash, policyJson, codeVersion, configFile, null, null, null, null, null, baselineRunId,
        failure);
  }
}
