package io.trainaudit.tables;

import static io.trainaudit.tables.ColumnSpec.nullable;
import static io.trainaudit.tables.ColumnSpec.optional;
import static io.trainaudit.tables.ColumnSpec.required;

import java.util.List;

/** records: every piece of member data, with its lifecycle. */
public final class Records {
  public static final String RECORD_ID = "record_id";
  public static final String MEMBER_ID = "member_id";
  public static final String RECORD_TYPE = "record_type";
  public static final String CREATED_AT = "created_at";
  public static final String DELETED_AT = "deleted_at";
  /** The group, page or event the record was posted in; absent from older tables, null: none. */
  public static final String CONTEXT_ID = "context_id";

  public static final TableSchema SCHEMA =
      TableSchema.of(
          "records",
          required(RECORD_ID, ColumnType.STRING),
          required(MEMBER_ID, ColumnType.STRING),
          required(RECORD_TYPE, ColumnType.STRING),
          required(CREATED_AT, ColumnType.TIMESTAMP),
          nullable(DELETED_AT, ColumnType.TIMESTAMP),
          optional(CONTEXT_ID, ColumnType.STRING));

  static List<RowCheck> checks() {
    return List.of();
  }

  private Records() {}
}
