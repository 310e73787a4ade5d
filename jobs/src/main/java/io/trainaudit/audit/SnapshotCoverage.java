package io.trainaudit.audit;

import java.time.Instant;

/**
 * How every training row of one snapshot was accounted for: {@code rowsRead = audited +
 * quarantined + duplicates}. Rows without a snapshot id are counted under a null snapshot.
 */
public record SnapshotCoverage(
    String snapshotId, Instant capturedAt, String purpose, String recipient,
    long rowsRead, long rowsAudited, long rowsQuarantined, long rowsDuplicate) {

  public SnapshotCoverage {
    if (rowsRead != rowsAudited + rowsQuarantined + rowsDuplicate) {
      throw new IllegalArgumentException("snapshot " + snapshotId + ": " + rowsRead + " rows read != " + rowsAudited
          + " audited + " + rowsQuarantined + " quarantined + " + rowsDuplicate + " duplicate");
    }
  }
}
