package io.trainaudit.rules;

/** The under-age exclusion needs a birth date: a member without one cannot be cleared. */
public final class AgeUnknown implements Rule {
  private static final long serialVersionUID = 1L;

  @Override
  public RuleId id() {
    return RuleId.AGE_UNKNOWN;
  }

  @Override
  public String description() {
    return "The member's birth date is unknown, so the age exclusion cannot be verified.";
  }

  @Override
  public boolean finds(AuditFacts row, CompiledPolicy policy) {
    return row.birthDate() == null;
  }

  @Override
  public Evidence evidence(AuditFacts row, CompiledPolicy policy) {
    return Evidence.of().flag("member_in_members_table", row.memberKnown());
  }
}
