package io.trainaudit.tables;

/** audit_runs: one row per run, written when it starts and replaced when it ends. */
public final class AuditRuns {
  public static final String RUN_ID = "run_id";
  public static final String STARTED_AT = "started_at";
  public static final String ENDED_AT = "ended_at";
  public static final String STATUS = "status";
  public static final String MODE = "mode";
  public static final String OPT_OUT_MODE = "opt_out_mode";
  public static final String SNAPSHOTS = "snapshots";
  public static final String INPUT_VERSIONS = "input_versions";
  /** The versions of the findings and quarantine tables when the run began: where a rollback returns to. */
  public static final String OUTPUT_VERSIONS = "output_versions";
  public static final String POLICY_HASH = "policy_hash";
  public static final String POLICY_JSON = "policy_json";
  public static final String CODE_VERSION = "code_version";
  public static final String CONFIG_FILE = "config_file";
  public static final String ROWS_READ = "rows_read";
  public static final String ROWS_AUDITED = "rows_audited";
  public static final String ROWS_QUARANTINED = "rows_quarantined";
  public static final String ROWS_DUPLICATE = "rows_duplicate";
  public static final String VIOLATIONS = "violations";
  public static final String UNVERIFIABLE = "unverifiable";
  public static final String CONCLUSION = "conclusion";
  /** SHA-256 over the run's findings sorted by id: what {@code reproduce} compares against. */
  public static final String FINDINGS_DIGEST = "findings_digest";
  /** For an incremental run, the run whose input versions its evidence changes were read against. */
  public static final String BASELINE_RUN_ID = "baseline_run_id";
  public static final String MESSAGE = "message";
  /** Who holds the run's lease on the outputs: process, host and the instant the process started. */
  public static final String LEASE_OWNER = "lease_owner";
  /** Until when the lease holds unless renewed; null once the run has ended. */
  public static final String LEASE_EXPIRES_AT = "lease_expires_at";
  /** The versions of the findings and quarantine tables the run's own commits produced. */
  public static final String RESULT_VERSIONS = "result_versions";
  /** How the run computed finding ids; null for runs made before netstring ids. */
  public static final String FINDING_ID_SCHEME = "finding_id_scheme";
  /** How the run's findings_digest was computed; null for runs made before the grouped-sorted digest. */
  public static final String DIGEST_SCHEME = "digest_scheme";

  private AuditRuns() {}
}
