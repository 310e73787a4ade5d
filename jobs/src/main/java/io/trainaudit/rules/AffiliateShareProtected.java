package io.trainaudit.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.config.Policy;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * Data of members in a protected region group (EU, EEA, Switzerland, UK) is not shared with
 * affiliates for the covered purposes, save record types the policy allows for that group.
 */
public final class AffiliateShareProtected implements Rule {
  @Override
  public RuleId id() {
    return RuleId.AFFILIATE_SHARE_PROTECTED;
  }

  @Override
  public String description() {
    return "Data of members in protected regions is not shared with affiliates for generative AI training.";
  }

  @Override
  public Column finding(Policy policy) {
    return Facts.holds(Facts.sharedWithAffiliate(policy)
        .and(Facts.in(AuditRow.REGION_GROUP, policy.affiliateProtectedGroups()))
        .and(allowedType(policy).unary_$bang()));
  }

  @Override
  public Column evidence(Policy policy) {
    return struct(
        col(AuditRow.RECIPIENT),
        col(AuditRow.REGION_GROUP),
        col(AuditRow.COUNTRY_CODE),
        col(AuditRow.REGION_SINCE),
        col(AuditRow.RECORD_TYPE));
  }

  /** The record's type is allowed for affiliates in its member's group; false when the type is unknown. */
  private static Column allowedType(Policy policy) {
    Column allowed = lit(false);
    for (Map.Entry<String, List<String>> group : policy.affiliateAllowedRecordTypes().entrySet()) {
      allowed = allowed.or(col(AuditRow.REGION_GROUP).equalTo(lit(group.getKey()))
          .and(Facts.in(AuditRow.RECORD_TYPE, group.getValue())));
    }
    return Facts.holds(allowed);
  }
}
