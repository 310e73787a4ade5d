package io.trainaudit.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.config.Policy;
import org.apache.spark.sql.Column;

/**
 * Private content is excluded: record types that are private by nature, and content whose
 * visibility at capture was private or hidden.
 */
public final class PrivateContent implements Rule {
  @Override
  public RuleId id() {
    return RuleId.PRIVATE_CONTENT;
  }

  @Override
  public String description() {
    return "Private content (messages, credentials, payment, salary and job-application data, and private or"
        + " hidden content) is not used for training.";
  }

  @Override
  public Column finding(Policy policy) {
    return Facts.recordKnown().and(excludedType(policy).or(privateVisibility(policy)));
  }

  @Override
  public Column evidence(Policy policy) {
    return struct(
        col(AuditRow.RECORD_TYPE),
        excludedType(policy).as("excluded_record_type"),
        col(AuditRow.VISIBILITY),
        col(AuditRow.VISIBILITY_SINCE));
  }

  static Column excludedType(Policy policy) {
    return Facts.in(AuditRow.RECORD_TYPE, policy.excludedRecordTypes());
  }

  private static Column privateVisibility(Policy policy) {
    return Facts.in(AuditRow.VISIBILITY, policy.privateVisibilities());
  }
}
