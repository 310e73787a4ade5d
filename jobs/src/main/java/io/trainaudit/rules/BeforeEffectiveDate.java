package io.trainaudit.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.config.Policy;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/** No data of a region's members is used for generative training before the policy took effect there. */
public final class BeforeEffectiveDate implements Rule {
  @Override
  public RuleId id() {
    return RuleId.BEFORE_EFFECTIVE_DATE;
  }

  @Override
  public String description() {
    return "No member data is used for generative AI training before the policy took effect in the member's region.";
  }

  @Override
  public Column finding(Policy policy) {
    return Facts.holds(Facts.generative().and(col(AuditRow.CAPTURED_AT).lt(effectiveDate(policy).cast("timestamp"))));
  }

  @Override
  public Column evidence(Policy policy) {
    return struct(
        col(AuditRow.REGION_GROUP),
        col(AuditRow.COUNTRY_CODE),
        col(AuditRow.REGION_SINCE),
        effectiveDate(policy).as("effective_date"));
  }

  /** The effective date of the member's group at capture; null for a group without one. */
  private static Column effectiveDate(Policy policy) {
    List<Column> entries = new ArrayList<>();
    policy.effectiveDates().forEach((group, date) -> {
      entries.add(lit(group));
      entries.add(lit(java.sql.Date.valueOf(date)));
    });
    return entries.isEmpty()
        ? lit(null).cast("date")
        : element_at(map(entries.toArray(Column[]::new)), col(AuditRow.REGION_GROUP));
  }
}
