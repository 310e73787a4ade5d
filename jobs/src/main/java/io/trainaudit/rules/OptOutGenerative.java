package io.trainaudit.rules;

import io.trainaudit.tables.Vocabulary;

/**
 * A member who turned the generative AI setting off, or objected to generative training on the
 * form, is not used for generative training from then on (opt_out_mode says what "from then on" covers).
 */
public final class OptOutGenerative extends OptOutRule {
  private static final long serialVersionUID = 1L;

  @Override
  public RuleId id() {
    return RuleId.OPT_OUT_GENERATIVE;
  }

  @Override
  public String description() {
    return "Members who turned off the generative AI setting or objected to generative training are not used"
        + " to train content-generating models.";
  }

  @Override
  String purpose() {
    return Vocabulary.PURPOSE_GENERATIVE;
  }

  @Override
  String[] channelNames() {
    return new String[] {"generative_ai_setting_opted_out_since", "objection_generative_opted_out_since"};
  }

  @Override
  Long[] channelsSince(AuditFacts row) {
    return new Long[] {row.generativeSettingSince(), row.objectionGenerativeSince()};
  }
}
