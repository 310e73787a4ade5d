package io.trainaudit.rules;

import org.apache.spark.sql.Column;

/** A member who objected to other (non-generative) AI/ML training is not used for it. */
public final class ObjectionNonGenerative extends OptOutRule {
  @Override
  public RuleId id() {
    return RuleId.OBJECTION_NON_GENERATIVE;
  }

  @Override
  public String description() {
    return "Members who objected to non-generative AI/ML training are not used for it.";
  }

  @Override
  String[] channelColumns() {
    return new String[] {AuditRow.OBJECTION_NON_GENERATIVE_SINCE};
  }

  @Override
  Column appliesTo() {
    return Facts.nonGenerative();
  }
}
