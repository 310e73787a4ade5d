package io.trainaudit.gate;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.tables.TableLocation;
import java.nio.file.Path;

/** The messages the pre-training gate and the check of a clearance fail with, built in one place. */
final class GateErrors {
  private GateErrors() {}

  static AuditException blankSnapshot() {
    return new AuditException(ErrorCode.USAGE, "Cannot gate a snapshot: --snapshot names none");
  }

  static AuditException emptyCandidate(String snapshotId, TableLocation training) {
    return new AuditException(ErrorCode.USAGE, "Cannot gate snapshot " + snapshotId + ": training_snapshots ("
        + training.display() + ") holds no row of it; write the candidate's rows first, then gate it");
  }

  static AuditException signingKeyMissing(Path key, Path config) {
    return new AuditException(ErrorCode.CONFIG, "Cannot sign a clearance: the signing key " + key
        + " (export.signing_key) does not exist; create it once with bin/audit keys init --config "
        + (config == null ? "FILE" : config));
  }

  static AuditException gatedTogether(String snapshotId, String gateRunId, Throwable cause) {
    return new AuditException(ErrorCode.CONCURRENT_RUN, "Cannot replace the exclusions of snapshot " + snapshotId
        + " (gate run " + gateRunId + "): another gate of the same snapshot committed at the same moment ("
        + cause.getClass().getSimpleName() + "); nothing of this run was kept: gate the snapshot again", cause);
  }

  static AuditException clearanceNotWritten(Path file, Throwable cause) {
    return new AuditException(ErrorCode.IO, "Cannot write the clearance " + file + ": " + cause.getMessage(), cause);
  }

  static AuditException clearanceUnreadable(Path file, Throwable cause) {
    return new AuditException(ErrorCode.IO, "Cannot read the clearance " + file + ": " + cause.getMessage(), cause);
  }
}
