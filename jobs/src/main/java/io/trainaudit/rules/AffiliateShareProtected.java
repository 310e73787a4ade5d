package io.trainaudit.rules;

/**
 * Data of members in a protected region group at capture is not shared with affiliates for the
 * covered purposes, unless the group allows the record's type.
 */
public final class AffiliateShareProtected implements Rule {
  private static final long serialVersionUID = 1L;

  @Override
  public RuleId id() {
    return RuleId.AFFILIATE_SHARE_PROTECTED;
  }

  @Override
  public String description() {
    return "Data of members in protected regions is not shared with affiliates for generative AI training.";
  }

  @Override
  public boolean finds(AuditFacts row, CompiledPolicy policy) {
    return policy.sharedWithAffiliate(row.recipient(), row.purpose())
        && policy.isProtected(row.regionGroup())
        && !policy.allowsForAffiliates(row.regionGroup(), row.recordType());
  }

  @Override
  public Evidence evidence(AuditFacts row, CompiledPolicy policy) {
    return Evidence.of()
        .text("recipient", row.recipient())
        .text("region_group", row.regionGroup())
        .text("country_code", row.countryCode())
        .instant("region_since", row.regionSince())
        .text("record_type", row.recordType());
  }
}
