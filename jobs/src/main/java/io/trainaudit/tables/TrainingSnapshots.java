package io.trainaudit.tables;

import static io.trainaudit.tables.ColumnSpec.required;
import static org.apache.spark.sql.functions.col;

import java.util.List;

/** training_snapshots: what entered training, the audited table. */
public final class TrainingSnapshots {
  public static final String SNAPSHOT_ID = "snapshot_id";
  public static final String CAPTURED_AT = "captured_at";
  public static final String PURPOSE = "purpose";
  public static final String RECIPIENT = "recipient";
  public static final String RECORD_ID = "record_id";
  public static final String MEMBER_ID = "member_id";

  public static final TableSchema SCHEMA =
      TableSchema.of(
          "training_snapshots",
          required(SNAPSHOT_ID, ColumnType.STRING),
          required(CAPTURED_AT, ColumnType.TIMESTAMP),
          required(PURPOSE, ColumnType.STRING),
          required(RECIPIENT, ColumnType.STRING),
          required(RECORD_ID, ColumnType.STRING),
          required(MEMBER_ID, ColumnType.STRING));

  static List<RowCheck> checks() {
    return List.of(
        new RowCheck(
            "purpose outside " + Vocabulary.PURPOSES, col(PURPOSE).isin(Vocabulary.PURPOSES.toArray()).unary_$bang()));
  }

  private TrainingSnapshots() {}
}
