package io.trainaudit.rules;

import io.trainaudit.tables.Vocabulary;
import java.time.LocalDate;

/**
 * No record a member created before the data-origin cutoff of the member's region is used for
 * generative training (an unknown record counts as created at capture).
 */
public final class DataOriginCutoff implements Rule {
  private static final long serialVersionUID = 1L;

  @Override
  public RuleId id() {
    return RuleId.DATA_ORIGIN_CUTOFF;
  }

  @Override
  public String description() {
    return "No data collected before the cutoff day of the member's region is used for generative AI training.";
  }

  @Override
  public boolean finds(AuditFacts row, CompiledPolicy policy) {
    LocalDate cutoff = policy.dataOriginCutoff(row.regionGroup());
    return Vocabulary.PURPOSE_GENERATIVE.equals(row.purpose()) && cutoff != null
        && row.createdAt() < CompiledPolicy.startOf(cutoff);
  }

  @Override
  public Evidence evidence(AuditFacts row, CompiledPolicy policy) {
    return Evidence.of()
        .text("region_group", row.regionGroup())
        .text("country_code", row.countryCode())
        .instant("region_since", row.regionSince())
        .date("data_origin_cutoff", policy.dataOriginCutoff(row.regionGroup()))
        .instant("record_created_at", row.createdAt())
        .flag("record_known", row.recordKnown());
  }
}
