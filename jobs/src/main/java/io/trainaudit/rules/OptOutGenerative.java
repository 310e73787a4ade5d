package io.trainaudit.rules;

import org.apache.spark.sql.Column;

/**
 * A member who turned the generative AI setting off, or objected to generative training, is not
 * used for content-generating models while that opt-out is in force.
 */
public final class OptOutGenerative extends OptOutRule {
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
  String[] channelColumns() {
    return new String[] {AuditRow.GENERATIVE_SETTING_SINCE, AuditRow.OBJECTION_GENERATIVE_SINCE};
  }

  @Override
  Column appliesTo() {
    return Facts.generative();
  }
}
