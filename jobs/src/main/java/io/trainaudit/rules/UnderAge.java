package io.trainaudit.rules;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.config.Policy;
import org.apache.spark.sql.Column;

/**
 * Data of members under the minimum age is excluded: the member must have come of age (birthday
 * at 00:00 UTC) by the earlier of the record's collection and the capture.
 */
public final class UnderAge implements Rule {
  @Override
  public RuleId id() {
    return RuleId.UNDER_AGE;
  }

  @Override
  public String description() {
    return "Data a member created before reaching the minimum age is not used for training.";
  }

  @Override
  public Column finding(Policy policy) {
    return Facts.holds(col(AuditRow.BIRTH_DATE).isNotNull().and(assessedAt().lt(adultFrom(policy).cast("timestamp"))));
  }

  @Override
  public Column evidence(Policy policy) {
    return struct(
        col(AuditRow.BIRTH_DATE),
        lit(policy.minimumAge()).as("minimum_age"),
        adultFrom(policy).as("adult_from"),
        assessedAt().as("assessed_at"),
        floor(months_between(assessedAt(), col(AuditRow.BIRTH_DATE)).divide(12)).cast("int").as("age_at_assessment"));
  }

  /** LocalDate.plusYears: a 29 February birthday falls on 28 February in common years. */
  private static Column adultFrom(Policy policy) {
    return add_months(col(AuditRow.BIRTH_DATE), 12 * policy.minimumAge());
  }

  private static Column assessedAt() {
    return least(col(AuditRow.CREATED_AT), col(AuditRow.CAPTURED_AT));
  }
}
