package io.trainaudit.gate;

import io.trainaudit.tables.GateRuns;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One row of gate_runs. The outcome fields are null for a failed run.
 *
 * @param status one of {@link GateRuns#CLEARED}, {@link GateRuns#EXCLUSIONS_NEEDED}, {@link GateRuns#FAILED}
 * @param clearanceFile the signed clearance, null unless cleared
 * @param message why the run failed, null otherwise
 */
record GateRun(
    String gateRunId,
    String snapshotId,
    Instant startedAt,
    Instant endedAt,
    String status,
    Map<String, Long> inputVersions,
    String rowsDigest,
    Long rowsRead,
    Long rowsQuarantined,
    Long rowsExcluded,
    Map<String, Long> findingsByRule,
    String policyHash,
    String policyJson,
    String codeVersion,
    String configFile,
    String clearanceFile,
    String message) {

  GateRun {
    Objects.requireNonNull(gateRunId, "gateRunId");
    Objects.requireNonNull(snapshotId, "snapshotId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(status, "status");
    inputVersions = inputVersions == null ? null : Map.copyOf(inputVersions);
    findingsByRule = findingsByRule == null ? null : Map.copyOf(findingsByRule);
  }

  /** A run that concluded, cleared or not. */
  static GateRun ended(GateResult result, Instant startedAt, String policyHash, String policyJson,
      String codeVersion, String configFile) {
    Map<String, Long> byRule = new java.util.LinkedHashMap<>(result.findingsByRule());
    return new GateRun(result.gateRunId(), result.snapshotId(), startedAt, Instant.now(), result.status().value(),
        result.inputVersions(), result.rowsDigest(), result.coverage().rowsRead(), result.coverage().rowsQuarantined(),
        result.rowsExcluded(), byRule, policyHash, policyJson, codeVersion, configFile,
        result.clearanceFile() == null ? null : result.clearanceFile().toString(), null);
  }

  /** A run that could not conclude; it replaced no exclusion row and left no clearance. */
  static GateRun failed(String gateRunId, String snapshotId, Instant startedAt, Map<String, Long> inputVersions,
      String policyHash, String policyJson, String codeVersion, String configFile, String message) {
    return new GateRun(gateRunId, snapshotId, startedAt, Instant.now(), GateRuns.FAILED, inputVersions, null, null, null,
        null, null, policyHash, policyJson, codeVersion, configFile, null, message);
  }
}
