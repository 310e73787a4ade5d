package io.trainaudit.tables;

/** findings: one row per (rule, snapshot, record) that broke a rule or could not be verified. */
public final class Findings {
  public static final String FINDING_ID = "finding_id";
  public static final String RULE_ID = "rule_id";
  public static final String SEVERITY = "severity";
  public static final String SNAPSHOT_ID = "snapshot_id";
  public static final String CAPTURED_AT = "captured_at";
  public static final String PURPOSE = "purpose";
  public static final String RECIPIENT = "recipient";
  public static final String RECORD_ID = "record_id";
  public static final String MEMBER_ID = "member_id";
  public static final String REGION_GROUP = "region_group";
  public static final String EVIDENCE = "evidence";
  /** The run that last confirmed the finding. */
  public static final String AUDIT_RUN_ID = "audit_run_id";
  /** The run that first detected the finding. */
  public static final String FIRST_RUN_ID = "first_run_id";
  /** {@code open}, or {@code retracted} once corrected evidence showed the row compliant. */
  public static final String STATUS = "status";
  public static final String RETRACTED_RUN_ID = "retracted_run_id";

  public static final String STATUS_OPEN = "open";
  public static final String STATUS_RETRACTED = "retracted";

  private Findings() {}
}
