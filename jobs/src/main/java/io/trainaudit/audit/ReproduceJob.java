package io.trainaudit.audit;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.PolicyJson;
import io.trainaudit.rules.Policy;
import io.trainaudit.rules.RuleRegistry;
import io.trainaudit.tables.InputTable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
    RunRecord run = new RunStore(spark, config.output().auditRuns()).findSucceeded(requestedRunId, "reproduce");
    String runId = run.runId();
    Policy policy = PolicyJson.parse(run.provenance().policyJson());
    Map<InputTable, Long> versions = IncrementalPlan.versions(run);
    Progress progress = new Progress("reproduce " + runId);
    AuditInputs inputs = AuditInputs.openPast(spark, config, versions);
    progress.phase("inputs opened", "versions " + inputs.versionsByName());
    AuditScope scope = recordedScope(run, versions);
    String staging = config.output().staging() + "/reproduce-" + runId + "/findings";
    Evaluation evaluation =
        Evaluation.run(inputs, scope, policy, RuleRegistry.checked(policy, inputs.tables()), runId, staging, progress);
    String digest = FindingsDigest.of(evaluation.findings(), run.provenance().findingIdScheme(),
        run.provenance().digestScheme());
    AuditJob.deleteStaging(spark, staging);
    return new Reproduction(runId, run.outcome().findingsDigest(), digest, evaluation.coverage(),
        run.provenance().codeVersion(), inputs.versionsByName());
  }

  /** The rows the run audited, as its mode, snapshots and baseline run define them. */
  private AuditScope recordedScope(RunRecord run, Map<InputTable, Long> versions) {
    RunMode mode = run.plan().mode();
    List<String> snapshots = run.plan().snapshots();
    if (mode == RunMode.INCREMENTAL) {
      RunRecord baseline = new RunStore(spark, config.output().auditRuns()).find(run.plan().baselineRunId());
      return IncrementalPlan.replay(spark, config, run, baseline, versions).scope();
    }
    return mode == RunMode.SNAPSHOTS ? AuditScope.snapshots(Set.copyOf(snapshots)) : AuditScope.full();
  }


}
