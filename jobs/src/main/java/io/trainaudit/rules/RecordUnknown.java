package io.trainaudit.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.config.Policy;
import org.apache.spark.sql.Column;

/** A training row whose record is absent from records cannot be checked against the record's facts. */
public final class RecordUnknown implements Rule {
  @Override
  public RuleId id() {
    return RuleId.RECORD_UNKNOWN;
  }

  @Override
  public String description() {
    return "The record is absent from the records table; only the member-based rules could be checked.";
  }

  @Override
  public Column finding(Policy policy) {
    return Facts.recordKnown().unary_$bang();
  }

  @Override
  public Column evidence(Policy policy) {
    return struct(col(AuditRow.SNAPSHOT_MEMBER_ID));
  }
}
