package io.trainaudit.rules;

/**
 * Private content is excluded: the excluded record types (messages, credentials, payment, salary,
 * job applications), and content whose visibility at capture is a private one.
 */
public final class PrivateContent implements Rule {
  private static final long serialVersionUID = 1L;

  @Override
  public RuleId id() {
    return RuleId.PRIVATE_CONTENT;
  }

  @Override
  public String description() {
    return "Private content (messages, credentials, payment, salary and job-application data, and private or"
        + " hidden content) is not used for training.";
  }

  @Override
  public boolean finds(AuditFacts row, CompiledPolicy policy) {
    return row.recordKnown() && (policy.isExcluded(row.recordType()) || policy.isPrivate(row.visibility()));
  }

  @Override
  public Evidence evidence(AuditFacts row, CompiledPolicy policy) {
    return Evidence.of()
        .text("record_type", row.recordType())
        .flag("excluded_record_type", policy.isExcluded(row.recordType()))
        .text("visibility", row.visibility())
        .instant("visibility_since", row.visibilitySince());
  }
}
