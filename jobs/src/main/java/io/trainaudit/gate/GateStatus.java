package io.trainaudit.gate;

import io.trainaudit.ErrorCode;
import io.trainaudit.tables.GateRuns;

/** What a gate concluded about its candidate snapshot; each is a verdict with its exit code, not a failure. */
public enum GateStatus {
  /** Nothing to exclude: the snapshot may be trained on, and a signed clearance says so. */
  CLEARED(GateRuns.CLEARED, ErrorCode.NO_VIOLATIONS),
  /** Rows to exclude before training: no clearance. */
  EXCLUSIONS_NEEDED(GateRuns.EXCLUSIONS_NEEDED, ErrorCode.VIOLATIONS_FOUND);

  private final String value;
  private final int exitCode;

  GateStatus(String value, int exitCode) {
    this.value = value;
    this.exitCode = exitCode;
  }

  /** As written to gate_runs.status. */
  public String value() {
    return value;
  }

  public int exitCode() {
    return exitCode;
  }
}
