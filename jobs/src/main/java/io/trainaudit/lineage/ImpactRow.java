package io.trainaudit.lineage;

import java.util.Objects;

/**
 * One row of model_impact: what one model version took in of one rule's findings.
 *
 * @param findings open findings of the rule among the snapshots the version was trained on
 * @param members distinct members of those findings
 * @param records distinct records of those findings
 * @param firstSnapshotId the first snapshot, by capture, holding one of them
 * @param lastSnapshotId the last snapshot, by capture, holding one of them
 */
public record ImpactRow(String modelId, String modelVersion, String ruleId, String severity, long findings,
    long members, long records, String firstSnapshotId, String lastSnapshotId) {
  public ImpactRow {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(firstSnapshotId, "firstSnapshotId");
    Objects.requireNonNull(lastSnapshotId, "lastSnapshotId");
    if (findings < 1 || members < 1 || records < 1 || members > findings || records > findings) {
      throw new IllegalArgumentException("impossible counts for " + modelId + " " + modelVersion + " " + ruleId
          + ": findings " + findings + ", members " + members + ", records " + records);
    }
  }

  /** The model version as one name, e.g. {@code writer v3}. */
  public String versionName() {
    return modelId + " " + modelVersion;
  }
}
