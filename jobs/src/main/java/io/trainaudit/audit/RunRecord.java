package io.trainaudit.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row of audit_runs: what a run read, under which policy and code, and what it concluded.
 * The outcome fields are null while the run is in progress.
 *
 * @param leaseOwner the process holding the run's lease on the outputs ({@link LeaseOwner})
 * @param resultVersions the versions of the findings and quarantine tables the run's commits produced
 * @param findingIdScheme how the run's finding ids were computed ({@link FindingIdScheme#ID_SCHEME})
 * @param digestScheme how the run's findings digest was computed ({@link FindingsDigest#GROUPED})
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
    String message,
    String leaseOwner,
    Map<String, Long> resultVersions,
    String findingIdScheme,
    String digestScheme) {

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
    resultVersions = Map.copyOf(resultVersions);
  }

  /** A run that has just started: its inputs are open, its outputs not yet read. */
  public static RunRecord started(String runId, Instant startedAt, String mode, String optOutMode,
      Map<String, Long> inputVersions, String policyHash, String policyJson, String codeVersion, String configFile,
      String leaseOwner) {
    return new RunRecord(runId, startedAt, null, RUNNING, mode, optOutMode, List.of(), inputVersions, Map.of(),
        policyHash, policyJson, codeVersion, configFile, null, null, null, null, null, null, null, leaseOwner, Map.of(),
        FindingIdScheme.ID_SCHEME, FindingsDigest.GROUPED);
  }

  /** This run, with the versions of its outputs before it writes any: where a rollback returns to. */
  public RunRecord withOutputVersions(Map<String, Long> versions) {
    return new RunRecord(runId, startedAt, endedAt, status, mode, optOutMode, snapshots, inputVersions, versions,
        policyHash, policyJson, codeVersion, configFile, coverage, violations, unverifiable, conclusion, findingsDigest,
        baselineRunId, message, leaseOwner, resultVersions, findingIdScheme, digestScheme);
  }

  /** This run, planned: its mode and the run its changes were read against. */
  public RunRecord planned(String plannedMode, String baseline) {
    return new RunRecord(runId, startedAt, endedAt, status, plannedMode, optOutMode, snapshots, inputVersions,
        outputVersions, policyHash, policyJson, codeVersion, configFile, coverage, violations, unverifiable,
        conclusion, findingsDigest, baseline, message, leaseOwner, resultVersions, findingIdScheme, digestScheme);
  }

  /**
   * This run, completed with its result; {@code auditedInFull} are the snapshots it audited whole,
   * {@code results} the output versions its commits produced.
   */
  public RunRecord succeeded(AuditResult result, List<String> auditedInFull, String digest,
      Map<String, Long> results) {
    return new RunRecord(runId, startedAt, Instant.now(), SUCCEEDED, mode, optOutMode, auditedInFull,
        inputVersions, outputVersions, policyHash, policyJson, codeVersion, configFile, result.coverage(),
        result.violations(), result.unverifiable(), result.conclusion(), digest, baselineRunId, null, leaseOwner,
        results, findingIdScheme, digestScheme);
  }

  /** This run, ended by a failure. */
  public RunRecord failed(String failure) {
    return new RunRecord(runId, startedAt, Instant.now(), FAILED, mode, optOutMode, snapshots, inputVersions,
        outputVersions, policyHash, policyJson, codeVersion, configFile, null, null, null, null, null, baselineRunId,
        failure, leaseOwner, Map.of(), findingIdScheme, digestScheme);
  }
}
