package io.trainaudit.audit;

import java.util.Map;
import java.util.Objects;

/**
 * What a run concludes, computed before it writes any output: the evaluation (coverage, staged
 * findings), the invalid rows to quarantine, each snapshot's clearance, the findings digest and
 * the summary's counts. The commit step writes exactly this, in order, under the lease.
 *
 * @param digest the digest of the run's findings, recorded in audit_runs
 * @param summary the summary, but for the model lineage, which follows from the committed findings
 */
record RunOutcome(Evaluation evaluation, QuarantineStore.Staged quarantine,
    Map<String, SnapshotClearance> clearances, String digest, RunSummary summary) {

  RunOutcome {
    Objects.requireNonNull(evaluation, "evaluation");
    Objects.requireNonNull(quarantine, "quarantine");
    clearances = Map.copyOf(clearances);
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(summary, "summary");
  }
}
