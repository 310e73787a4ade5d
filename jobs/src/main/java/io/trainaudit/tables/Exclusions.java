package io.trainaudit.tables;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * exclusions: per gated snapshot, the training rows its training must leave out, one row per
 * (snapshot_id, record_id). Each gate run of a snapshot replaces that snapshot's rows in one
 * commit. The training pipeline anti-joins its candidate on (snapshot_id, record_id), null-safe.
 */
public final class Exclusions {
  public static final String SNAPSHOT_ID = "snapshot_id";
  public static final String RECORD_ID = "record_id";
  /** The audited member (the record's owner when the record is known), as the findings name it. */
  public static final String MEMBER_ID = "member_id";
  /** The rules the row broke or could not be verified against, sorted; {@link #INVALID_ROW} for a quarantined row. */
  public static final String RULE_IDS = "rule_ids";
  /** The severity of each rule of {@link #RULE_IDS}, in the same order. */
  public static final String SEVERITIES = "severities";
  public static final String GATE_RUN_ID = "gate_run_id";
  /** Why a quarantined row could not be audited (the quarantine reason); null for rows that were audited. */
  public static final String INVALID_REASON = "invalid_reason";

  /** The rule id of an excluded row that could not be audited at all. */
  public static final String INVALID_ROW = "INVALID_ROW";
  /** Its severity. */
  public static final String INVALID = "invalid";

  public static final StructType SCHEMA =
      new StructType()
          .add(SNAPSHOT_ID, DataTypes.StringType)
          .add(RECORD_ID, DataTypes.StringType)
          .add(MEMBER_ID, DataTypes.StringType)
          .add(RULE_IDS, DataTypes.createArrayType(DataTypes.StringType))
          .add(SEVERITIES, DataTypes.createArrayType(DataTypes.StringType))
          .add(GATE_RUN_ID, DataTypes.StringType)
          .add(INVALID_REASON, DataTypes.StringType);

  private Exclusions() {}
}
