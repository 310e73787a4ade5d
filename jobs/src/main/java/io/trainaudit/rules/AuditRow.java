package io.trainaudit.rules;

/**
 * The columns of an enriched training row: the row as audited, with every fact as of its
 * captured_at. Rules read these and nothing else.
 */
public final class AuditRow {
  public static final String SNAPSHOT_ID = "snapshot_id";
  public static final String CAPTURED_AT = "captured_at";
  public static final String PURPOSE = "purpose";
  public static final String RECIPIENT = "recipient";
  public static final String RECORD_ID = "record_id";
  /** The audited member: the record's owner when the record is known, else the snapshot's member. */
  public static final String MEMBER_ID = "member_id";
  public static final String SNAPSHOT_MEMBER_ID = "snapshot_member_id";
  /** Null when the record is unknown. */
  public static final String RECORD_MEMBER_ID = "record_member_id";
  public static final String RECORD_KNOWN = "record_known";
  public static final String RECORD_TYPE = "record_type";
  /** When the record was collected; the capture instant for an unknown record. */
  public static final String CREATED_AT = "created_at";
  public static final String DELETED_AT = "deleted_at";
  /** The group, page or event the record was posted in; null: none, or the record is unknown. */
  public static final String CONTEXT_ID = "context_id";
  /**
   * The special categories of {@code policy.sensitive_categories} flagged on the record's context
   * at capture, sorted; null when none is (or no sensitive_contexts table was read).
   */
  public static final String SENSITIVE_CATEGORIES = "sensitive_categories";
  /** Since when the context held exactly those categories. */
  public static final String SENSITIVE_SINCE = "sensitive_since";
  public static final String MEMBER_KNOWN = "member_known";
  public static final String BIRTH_DATE = "birth_date";
  public static final String CLOSED_AT = "closed_at";
  public static final String VISIBILITY = "visibility";
  public static final String VISIBILITY_SINCE = "visibility_since";
  public static final String COUNTRY_CODE = "country_code";
  public static final String REGION_GROUP = "region_group";
  public static final String REGION_SINCE = "region_since";
  public static final String GENERATIVE_SETTING_SINCE = "generative_ai_setting_opted_out_since";
  public static final String OBJECTION_GENERATIVE_SINCE = "objection_generative_opted_out_since";
  public static final String OBJECTION_NON_GENERATIVE_SINCE = "objection_non_generative_opted_out_since";
  /** How many identical training rows this audited copy stands for (1 without duplicates). */
  public static final String COPIES = "copies";
  /**
   * The place of this copy among the distinct valid copies of its (snapshot_id, record_id), in the
   * order captured_at, purpose, recipient, member_id: 0 for the first. Every copy is judged.
   */
  public static final String COPY_RANK = "copy_rank";
  /** How many distinct valid copies its (snapshot_id, record_id) has: more than 1 when they differ. */
  public static final String DISTINCT_COPIES = "distinct_copies";

  private AuditRow() {}
}
