package io.trainaudit.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.config.Policy;
import org.apache.spark.sql.Column;

/** The age check cannot be made when the member's birth date is unknown. */
public final class AgeUnknown implements Rule {
  @Override
  public RuleId id() {
    return RuleId.AGE_UNKNOWN;
  }

  @Override
  public String description() {
    return "The member's birth date is unknown, so the age exclusion cannot be verified.";
  }

  @Override
  public Column finding(Policy policy) {
    return col(AuditRow.BIRTH_DATE).isNull();
  }

  @Override
  public Column evidence(Policy policy) {
    return struct(col(AuditRow.MEMBER_KNOWN).as("member_in_members_table"));
  }
}
