package io.trainaudit.rules;

import io.trainaudit.tables.Vocabulary;

/** The regional rules need the member's region at capture: where one applies, a row without it cannot be cleared. */
public final class RegionUnknown implements Rule {
  private static final long serialVersionUID = 1L;

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
  public boolean finds(AuditFacts row, CompiledPolicy policy) {
    return row.regionGroup() == null && (Vocabulary.PURPOSE_GENERATIVE.equals(row.purpose())
        || policy.sharedWithAffiliate(row.recipient(), row.purpose()));
  }

  @Override
  public Evidence evidence(AuditFacts row, CompiledPolicy policy) {
    return Evidence.of().text("purpose", row.purpose()).text("recipient", row.recipient());
  }
}
