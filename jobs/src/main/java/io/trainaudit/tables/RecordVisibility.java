package io.trainaudit.tables;

import static io.trainaudit.tables.ColumnSpec.required;
import static org.apache.spark.sql.functions.col;

import java.util.List;

/** record_visibility: the history of each record's visibility. */
public final class RecordVisibility {
  public static final String RECORD_ID = "record_id";
  public static final String VISIBILITY = "visibility";
  public static final String EFFECTIVE_FROM = "effective_from";

  public static final TableSchema SCHEMA =
      TableSchema.of(
          "record_visibility",
          required(RECORD_ID, ColumnType.STRING),
          required(VISIBILITY, ColumnType.STRING),
          required(EFFECTIVE_FROM, ColumnType.TIMESTAMP));

  static List<RowCheck> checks() {
    return List.of(
        new RowCheck(
            "visibility outside " + Vocabulary.VISIBILITIES,
            col(VISIBILITY).isin(Vocabulary.VISIBILITIES.toArray()).unary_$bang()));
  }

  private RecordVisibility() {}
}
