package io.trainaudit.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row of audit_runs: what a run read, under which policy and code, and what it concluded.
 * Counts are null while the run is in progress.
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
    String policyHash,
    String policyJson,
    String codeVersion,
    String configFile,
    Coverage coverage,
    Long violations,
    Long unverifiable,
    String conclusion,
    String message) {

  public RunRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(status, "status");
    snapshots = List.copyOf(snapshots);
    inputVersions = Map.copyOf(inputVersions);
  }
}
