package io.trainaudit.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.config.Policy;
import org.apache.spark.sql.Column;

/** Whether content was private cannot be told when no visibility was in force at capture. */
public final class VisibilityUnknown implements Rule {
  @Override
  public RuleId id() {
    return RuleId.VISIBILITY_UNKNOWN;
  }

  @Override
  public String description() {
    return "No visibility was in force for the record at capture, so the private-content exclusion cannot be"
        + " verified.";
  }

  @Override
  public Column finding(Policy policy) {
    return Facts.recordKnown()
        .and(PrivateContent.excludedType(policy).unary_$bang())
        .and(col(AuditRow.VISIBILITY).isNull());
  }

  @Override
  public Column evidence(Policy policy) {
    return struct(col(AuditRow.RECORD_TYPE), col(AuditRow.CREATED_AT).as("record_created_at"));
  }
}
