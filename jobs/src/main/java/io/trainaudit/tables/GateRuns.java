package io.trainaudit.tables;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * gate_runs: one row per run of the pre-training gate ({@code bin/audit gate}), appended when it
 * ends. The gate's own history: the nightly audit reads it, and never writes audit_runs for a gate.
 */
public final class GateRuns {
  public static final String GATE_RUN_ID = "gate_run_id";
  public static final String SNAPSHOT_ID = "snapshot_id";
  public static final String STARTED_AT = "started_at";
  public static final String ENDED_AT = "ended_at";
  /** {@link #CLEARED}, {@link #EXCLUSIONS_NEEDED} or {@link #FAILED}. */
  public static final String STATUS = "status";
  public static final String INPUT_VERSIONS = "input_versions";
  /** The order-independent digest of the candidate's rows (docs/gate.md). */
  public static final String ROWS_DIGEST = "rows_digest";
  public static final String ROWS_READ = "rows_read";
  public static final String ROWS_QUARANTINED = "rows_quarantined";
  public static final String ROWS_EXCLUDED = "rows_excluded";
  /** Findings of the candidate per rule id; invalid rows under {@link Exclusions#INVALID_ROW}. */
  public static final String FINDINGS_BY_RULE = "findings_by_rule";
  public static final String POLICY_HASH = "policy_hash";
  public static final String POLICY_JSON = "policy_json";
  public static final String CODE_VERSION = "code_version";
  public static final String CONFIG_FILE = "config_file";
  /** The signed clearance the run wrote; null unless it cleared the snapshot. */
  public static final String CLEARANCE_FILE = "clearance_file";
  public static final String MESSAGE = "message";

  /** Nothing to exclude: a clearance was written. */
  public static final String CLEARED = "cleared";
  /** Rows to exclude (violations, invalid rows, and by default unverifiable rows): no clearance. */
  public static final String EXCLUSIONS_NEEDED = "exclusions_needed";
  /** The gate could not conclude; its exclusion rows were not replaced. */
  public static final String FAILED = "failed";

  public static final StructType SCHEMA =
      new StructType()
          .add(GATE_RUN_ID, DataTypes.StringType, false)
          .add(SNAPSHOT_ID, DataTypes.StringType, false)
          .add(STARTED_AT, DataTypes.TimestampType, false)
          .add(ENDED_AT, DataTypes.TimestampType)
          .add(STATUS, DataTypes.StringType, false)
          .add(INPUT_VERSIONS, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          .add(ROWS_DIGEST, DataTypes.StringType)
          .add(ROWS_READ, DataTypes.LongType)
          .add(ROWS_QUARANTINED, DataTypes.LongType)
          .add(ROWS_EXCLUDED, DataTypes.LongType)
          .add(FINDINGS_BY_RULE, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          .add(POLICY_HASH, DataTypes.StringType)
          .add(POLICY_JSON, DataTypes.StringType)
          .add(CODE_VERSION, DataTypes.StringType)
          .add(CONFIG_FILE, DataTypes.StringType)
          .add(CLEARANCE_FILE, DataTypes.StringType)
          .add(MESSAGE, DataTypes.StringType);

  private GateRuns() {}
}
