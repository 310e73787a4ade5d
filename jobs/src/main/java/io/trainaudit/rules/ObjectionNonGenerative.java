package io.trainaudit.rules;

import io.trainaudit.tables.Vocabulary;

/** A member who objected to non-generative AI/ML training on the form is not used for it. */
public final class ObjectionNonGenerative extends OptOutRule {
  private static final long serialVersionUID = 1L;

  @Override
  public RuleId id() {
    return RuleId.OBJECTION_NON_GENERATIVE;
  }

  @Override
  public String description() {
    return "Members who objected to non-generative AI/ML training are not used for it.";
  }

  @Override
  String purpose() {
    return Vocabulary.PURPOSE_NON_GENERATIVE;
  }

  @Override
  String[] channelNames() {
    return new String[] {"objection_non_generative_opted_out_since"};
  }

  @Override
  Long[] channelsSince(AuditFacts row) {
    return new Long[] {row.objectionNonGenerativeSince()};
  }
}
