package io.trainaudit.rules;

import io.trainaudit.tables.Vocabulary;
import java.time.LocalDate;

/** No member data is used for generative training before the policy took effect in the member's region group. */
public final class BeforeEffectiveDate implements Rule {
  private static final long serialVersionUID = 1L;

  @Override
  public RuleId id() {
    return RuleId.BEFORE_EFFECTIVE_DATE;
  }

  @Override
  public String description() {
    return "No member data is used for generative AI training before the policy took effect in the member's region.";
  }

  @Override
  public boolean finds(AuditFacts row, CompiledPolicy policy) {
    LocalDate effective = policy.effectiveDate(row.regionGroup());
    return Vocabulary.PURPOSE_GENERATIVE.equals(row.purpose()) && effective != null
        && row.capturedAt() < CompiledPolicy.startOf(effective);
  }

  @Override
  public Evidence evidence(AuditFacts row, CompiledPolicy policy) {
    return Evidence.of()
        .text("region_group", row.regionGroup())
        .text("country_code", row.countryCode())
        .instant("region_since", row.regionSince())
        .date("effective_date", policy.effectiveDate(row.regionGroup()));
  }
}
