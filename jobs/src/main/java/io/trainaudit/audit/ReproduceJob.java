package io.trainaudit.audit;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.Policy;
import io.trainaudit.config.PolicyJson;
import io.trainaudit.rules.RuleRegistry;
import io.trainaudit.tables.AuditRuns;
import io.trainaudit.tables.InputTable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Re-evaluates a recorded run against the exact input versions and policy it used (Delta time
 * travel) and compares the digest of the result with the recorded one. Writes nothing but scratch.
 */
public final class ReproduceJob {
  private final SparkSession spark;
  private final AuditConfig config;

  public ReproduceJob(SparkSession spark, AuditConfig config) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** What a reproduction found: equal digests mean the same findings with the same evidence. */
  public record Reproduction(String runId, String recordedDigest, String digest, Coverage coverage,
      String recordedCodeVersion, Map<String, Long> versions) {
    public boolean reproduced() {
      return recordedDigest != null && recordedDigest.equals(digest);
    }
  }

  public Reproduction reproduce(String requestedRunId) {
    Row run = new RunStore(spark, config.output().auditRuns()).find(requestedRunId);
    String runId = run.getAs(AuditRuns.RUN_ID);
    if (!RunRecord.SUCCEEDED.equals(run.getAs(AuditRuns.STATUS))) {
      throw new io.trainaudit.AuditException(io.trainaudit.ErrorCode.USAGE,
          "Cannot reproduce run " + runId + ": it did not succeed (status " + run.getAs(AuditRuns.STATUS) + ")");
    }
    Policy policy = PolicyJson.parse(run.getAs(AuditRuns.POLICY_JSON));
    Map<InputTable, Long> versions = IncrementalPlan.versions(run);
    Progress progress = new Progress("reproduce " + runId);
    AuditInputs inputs = AuditInputs.openPast(spark, config, versions);
    progress.phase("inputs opened", "versions " + inputs.versionsByName());
    AuditScope scope = recordedScope(run, versions);
    String staging = config.output().staging() + "/reproduce-" + runId + "/findings";
    Evaluation evaluation =
        Evaluation.run(inputs, scope, policy, RuleRegistry.checked(policy, inputs.tables()), runId, staging, progress);
    String digest = FindingsDigest.of(evaluation.findings(), RunStore.optionalString(run, AuditRuns.FINDING_ID_SCHEME),
        RunStore.optionalString(run, AuditRuns.DIGEST_SCHEME));
    AuditJob.deleteStaging(spark, staging);
    return new Reproduction(runId, run.getAs(AuditRuns.FINDINGS_DIGEST), digest, evaluation.coverage(),
        run.getAs(AuditRuns.CODE_VERSION), inputs.versionsByName());
  }

  /** The rows the run audited, as its mode, snapshots and baseline run define them. */
  private AuditScope recordedScope(Row run, Map<InputTable, Long> versions) {
    String mode = run.getAs(AuditRuns.MODE);
    List<String> snapshots = run.getList(run.fieldIndex(AuditRuns.SNAPSHOTS));
    if (AuditScope.INCREMENTAL.equals(mode)) {
      Row baseline = new RunStore(spark, config.output().auditRuns()).find(run.getAs(AuditRuns.BASELINE_RUN_ID));
      return IncrementalPlan.replay(spark, config, run, baseline, versions).scope();
    }
    return AuditScope.SNAPSHOTS.equals(mode) ? AuditScope.snapshots(Set.copyOf(snapshots)) : AuditScope.full();
  }


}
