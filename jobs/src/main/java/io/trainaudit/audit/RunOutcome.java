package io.trainaudit.audit;

import java.util.Objects;

/**
 * What a run concludes, computed before it writes any output: the evaluation (coverage, staged
 * findings), the invalid rows to quarantine, the findings digest and the summary's counts, with
 * each snapshot's clearance. The commit step writes exactly this, in order, under the lease.
 *
 * @param digest the digest of the run's findings, recorded in audit_runs
 * @param summary the summary, but for the model lineage, which follows from the committed findings
 */
record RunOutcome(Evaluation evaluation, QuarantineStore.Staged quarantine, String digest, RunSummary summary) {

  RunOutcome {
    Objects.requireNonNull(evaluation, "evaluation");
    Objects.requireNonNull(quarantine, "quarantine");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(summary, "summary");
  }
}
