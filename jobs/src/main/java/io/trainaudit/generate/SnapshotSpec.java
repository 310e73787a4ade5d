package io.trainaudit.generate;

import io.trainaudit.generate.MemberHistory.TrainingRow;
import java.io.Serializable;

/**
 * One training snapshot: its identity, cut-off, purpose and recipient, and the share of eligible
 * records it samples.
 */
record SnapshotSpec(String snapshotId, long capturedAt, String purpose, String recipient, double samplingRate)
    implements Serializable {

  TrainingRow rowFor(String recordId, String memberId) {
    return new TrainingRow(snapshotId, capturedAt, purpose, recipient, recordId, memberId);
  }
}
