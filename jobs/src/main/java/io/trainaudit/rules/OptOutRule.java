package io.trainaudit.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.config.OptOutMode;
import io.trainaudit.config.Policy;
import org.apache.spark.sql.Column;

/**
 * What both opt-out rules share: a row breaks the promise when an opt-out covering its purpose is
 * in force at capture; in collection_time mode, only if the record was collected since it began.
 */
abstract class OptOutRule implements Rule {
  /** The columns holding, per channel the rule honours, since when that channel is opted out. */
  abstract String[] channelColumns();

  abstract Column appliesTo();

  /** Since when the member is opted out on any honoured channel: the earliest start, or null. */
  private Column optedOutSince() {
    String[] channels = channelColumns();
    return channels.length == 1 ? col(channels[0]) : least(java.util.Arrays.stream(channels).map(c -> col(c)).toArray(Column[]::new));
  }

  @Override
  public Column finding(Policy policy) {
    Column optedOut = optedOutSince().isNotNull();
    if (policy.optOutMode() == OptOutMode.COLLECTION_TIME) {
      optedOut = optedOut.and(col(AuditRow.CREATED_AT).geq(optedOutSince()));
    }
    return Facts.holds(appliesTo().and(optedOut));
  }

  @Override
  public Column evidence(Policy policy) {
    Column[] fields = new Column[channelColumns().length + 3];
    for (int i = 0; i < channelColumns().length; i++) {
      fields[i] = col(channelColumns()[i]);
    }
    fields[fields.length - 3] = optedOutSince().as("opted_out_since");
    fields[fields.length - 2] = col(AuditRow.CREATED_AT).as("record_created_at");
    fields[fields.length - 1] = lit(policy.optOutMode().configValue()).as("opt_out_mode");
    return struct(fields);
  }

}
