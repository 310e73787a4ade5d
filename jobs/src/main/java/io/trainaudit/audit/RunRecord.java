package io.trainaudit.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row of audit_runs: what a run read, under which policy and code, and what it concluded.
 * {@link RunStore} alone writes and reads these rows.
 *
 * @param endedAt null while the run is in progress
 * @param outcome null unless the run succeeded
 * @param message why the run failed, or what rolled back an abandoned run; null otherwise
 */
public record RunRecord(
    String runId,
    Instant startedAt,
    Instant endedAt,
    RunStatus status,
    Plan plan,
    Provenance provenance,
    Versions versions,
    Outcome outcome,
    Lease lease,
    String message) {

  /**
   * What the run audits.
   *
   * @param snapshots the snapshots it audited whole (known once it succeeded)
   * @param baselineRunId the run an incremental run read its changes against; null otherwise
   */
  public record Plan(RunMode mode, List<String> snapshots, String baselineRunId) {
    public Plan {
      snapshots = List.copyOf(snapshots);
    }
  }

  /**
   * What the run judged under. The schemes are null for a run recorded before they existed.
   *
   * @param findingIdScheme how the run's finding ids were computed ({@link FindingIdScheme#ID_SCHEME})
   * @param digestScheme how the run's findings digest was computed ({@link FindingsDigest#GROUPED})
   */
  public record Provenance(String optOutMode, String policyHash, String policyJson, String codeVersion,
      String configFile, String findingIdScheme, String digestScheme) {}

  /**
   * Table versions, by table name.
   *
   * @param inputs the input versions the run read
   * @param outputs the output versions before the run wrote any: where a rollback returns to
   * @param results the versions of the findings and quarantine tables the run's commits produced
   */
  public record Versions(Map<String, Long> inputs, Map<String, Long> outputs, Map<String, Long> results) {
    public Versions {
      inputs = Map.copyOf(inputs);
      outputs = Map.copyOf(outputs);
      results = Map.copyOf(results);
    }
  }

  /** What a succeeded run concluded. */
  public record Outcome(Coverage coverage, long violations, long unverifiable, Conclusion conclusion,
      String findingsDigest) {}

  /**
   * The run's hold on the outputs.
   *
   * @param owner the process holding it ({@link LeaseOwner}); null for a run recorded before leases
   * @param expiresAt until when, unless renewed; null once the run ended
   */
  public record Lease(String owner, Instant expiresAt) {}

  public RunRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(versions, "versions");
    Objects.requireNonNull(lease, "lease");
  }

  /** A run that has just started: its inputs are open, its outputs not yet read. */
  public static RunRecord started(String runId, Instant startedAt, RunMode mode, String optOutMode,
      Map<String, Long> inputVersions, String policyHash, String policyJson, String codeVersion, String configFile,
      String leaseOwner) {
    return new RunRecord(runId, startedAt, null, RunStatus.RUNNING, new Plan(mode, List.of(), null),
        new Provenance(optOutMode, policyHash, policyJson, codeVersion, configFile, FindingIdScheme.ID_SCHEME,
            FindingsDigest.GROUPED),
        new Versions(inputVersions, Map.of(), Map.of()), null, new Lease(leaseOwner, null), null);
  }

  public boolean succeeded() {
    return status == RunStatus.SUCCEEDED;
  }

  /** This run, with the versions of its outputs before it writes any: where a rollback returns to. */
  public RunRecord withOutputVersions(Map<String, Long> outputs) {
    return new RunRecord(runId, startedAt, endedAt, status, plan, provenance,
        new Versions(versions.inputs(), outputs, versions.results()), outcome, lease, message);
  }

  /** This run, planned: its mode and the run its changes were read against. */
  public RunRecord planned(RunMode mode, String baselineRunId) {
    return new RunRecord(runId, startedAt, endedAt, status, new Plan(mode, plan.snapshots(), baselineRunId),
        provenance, versions, outcome, lease, message);
  }

  /** This run, holding its lease until {@code expiresAt}. */
  RunRecord leasedUntil(Instant expiresAt) {
    return new RunRecord(runId, startedAt, endedAt, status, plan, provenance, versions, outcome,
        new Lease(lease.owner(), expiresAt), message);
  }

  /**
   * This run, completed with its result and its lease released; {@code auditedInFull} are the
   * snapshots it audited whole, {@code results} the output versions its commits produced.
   */
  public RunRecord succeeded(AuditResult result, List<String> auditedInFull, String digest,
      Map<String, Long> results) {
    return new RunRecord(runId, startedAt, Instant.now(), RunStatus.SUCCEEDED,
        new Plan(plan.mode(), auditedInFull, plan.baselineRunId()), provenance,
        new Versions(versions.inputs(), versions.outputs(), results),
        new Outcome(result.coverage(), result.violations(), result.unverifiable(), result.conclusion(), digest),
        new Lease(lease.owner(), null), null);
  }

  /** This run, ended by a failure, its lease released. */
  public RunRecord failed(String failure) {
    return new RunRecord(runId, startedAt, Instant.now(), RunStatus.FAILED, plan, provenance,
        new Versions(versions.inputs(), versions.outputs(), Map.of()), null, new Lease(lease.owner(), null),
        failure);
  }
}
