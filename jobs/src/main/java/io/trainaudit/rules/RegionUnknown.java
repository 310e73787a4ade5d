package io.trainaudit.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.config.Policy;
import org.apache.spark.sql.Column;

/** The region rules cannot be checked when no region was in force for the member at capture. */
public final class RegionUnknown implements Rule {
  @Override
  public RuleId id() {
    return RuleId.REGION_UNKNOWN;
  }

  @Override
  public String description() {
    return "The member's region at capture is unknown, so the regional rules (affiliate sharing, effective dates)"
        + " cannot be verified.";
  }

  @Override
  public Column finding(Policy policy) {
    return Facts.holds(col(AuditRow.REGION_GROUP).isNull()
        .and(Facts.generative().or(Facts.sharedWithAffiliate(policy))));
  }

  @Override
  public Column evidence(Policy policy) {
    return struct(col(AuditRow.PURPOSE), col(AuditRow.RECIPIENT));
  }
}
