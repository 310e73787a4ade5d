package io.trainaudit.tables;

import static io.trainaudit.tables.ColumnSpec.required;
import static org.apache.spark.sql.functions.col;

import java.util.List;

/** member_regions: the history of each member's country. */
public final class MemberRegions {
  public static final String MEMBER_ID = "member_id";
  public static final String COUNTRY_CODE = "country_code";
  public static final String EFFECTIVE_FROM = "effective_from";

  public static final TableSchema SCHEMA =
      TableSchema.of(
          "member_regions",
          required(MEMBER_ID, ColumnType.STRING),
          required(COUNTRY_CODE, ColumnType.STRING),
          required(EFFECTIVE_FROM, ColumnType.TIMESTAMP));

  static List<RowCheck> checks() {
    return List.of(
        new RowCheck(
            "country_code is not an ISO 3166-1 alpha-2 code", col(COUNTRY_CODE).rlike("^[A-Z]{2}\\z").unary_$bang()));
  }

  private MemberRegions() {}
}
