package io.trainaudit.tables;

/** quarantine: input rows that could not be audited, with the reason and the row itself. */
public final class Quarantine {
  public static final String TABLE = "table";
  public static final String REASON = "reason";
  public static final String ROW_JSON = "row_json";
  /** The run that first quarantined the row. */
  public static final String AUDIT_RUN_ID = "audit_run_id";
  /** How many identical copies of the row the input holds. */
  public static final String COPIES = "copies";

  private Quarantine() {}
}
