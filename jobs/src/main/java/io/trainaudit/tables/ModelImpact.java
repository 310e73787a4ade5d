package io.trainaudit.tables;

/**
 * model_impact: per run, model version, rule and severity, the open findings among the snapshots
 * the version was trained on.
 */
public final class ModelImpact {
  public static final String MODEL_ID = "model_id";
  public static final String MODEL_VERSION = "model_version";
  public static final String RULE_ID = "rule_id";
  public static final String SEVERITY = "severity";
  /** Open findings (rule, snapshot, record) of the snapshots the version was trained on. */
  public static final String FINDINGS = "findings";
  /** Distinct members of those findings. */
  public static final String MEMBERS = "members";
  /** Distinct records of those findings. */
  public static final String RECORDS = "records";
  /** The first of those snapshots with such a finding, by capture instant, then id. */
  public static final String FIRST_SNAPSHOT_ID = "first_snapshot_id";
  /** The last of them, by capture instant, then id. */
  public static final String LAST_SNAPSHOT_ID = "last_snapshot_id";
  /** The audit run whose findings these are. */
  public static final String RUN_ID = "run_id";

  private ModelImpact() {}
}
