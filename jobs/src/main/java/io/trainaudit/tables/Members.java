package io.trainaudit.tables;

import static io.trainaudit.tables.ColumnSpec.nullable;
import static io.trainaudit.tables.ColumnSpec.required;

import java.util.List;

/** members: birth date and account closure; a member absent here has an unknown age and an open account. */
public final class Members {
  public static final String MEMBER_ID = "member_id";
  public static final String BIRTH_DATE = "birth_date";
  public static final String CLOSED_AT = "closed_at";

  public static final TableSchema SCHEMA =
      TableSchema.of(
          "members",
          required(MEMBER_ID, ColumnType.STRING),
          nullable(BIRTH_DATE, ColumnType.DATE),
          nullable(CLOSED_AT, ColumnType.TIMESTAMP));

  static List<RowCheck> checks() {
    return List.of();
  }

  private Members() {}
}
