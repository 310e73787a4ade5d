package io.trainaudit.tables;

import static io.trainaudit.tables.ColumnSpec.nullable;
import static io.trainaudit.tables.ColumnSpec.required;
import static org.apache.spark.sql.functions.col;

import java.util.List;

/** consent_events: the history of every consent choice. */
public final class ConsentEvents {
  public static final String EVENT_ID = "event_id";
  public static final String MEMBER_ID = "member_id";
  public static final String CHANNEL = "channel";
  public static final String OPTED_OUT = "opted_out";
  public static final String EVENT_TIME = "event_time";
  public static final String SOURCE = "source";

  public static final TableSchema SCHEMA =
      TableSchema.of(
          "consent_events",
          required(EVENT_ID, ColumnType.STRING),
          required(MEMBER_ID, ColumnType.STRING),
          required(CHANNEL, ColumnType.STRING),
          required(OPTED_OUT, ColumnType.BOOLEAN),
          required(EVENT_TIME, ColumnType.TIMESTAMP),
          nullable(SOURCE, ColumnType.STRING));

  static List<RowCheck> checks() {
    return List.of(
        new RowCheck(
            "channel outside " + Vocabulary.CHANNELS, col(CHANNEL).isin(Vocabulary.CHANNELS.toArray()).unary_$bang()));
  }

  private ConsentEvents() {}
}
