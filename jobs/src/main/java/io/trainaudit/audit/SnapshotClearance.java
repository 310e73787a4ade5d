package io.trainaudit.audit;

import java.util.Objects;

/**
 * An audited snapshot's clearance status, and the gate run and signed file it refers to.
 *
 * @param gateRunId the latest gate run that cleared the snapshot; null when none did
 * @param clearanceFile that run's signed clearance; null when none did
 */
public record SnapshotClearance(ClearanceStatus status, String gateRunId, String clearanceFile) {
  public SnapshotClearance {
    Objects.requireNonNull(status, "status");
  }
}
