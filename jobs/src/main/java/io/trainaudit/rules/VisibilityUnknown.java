package io.trainaudit.rules;

/** The private-content exclusion needs the visibility at capture: a record without one cannot be cleared. */
public final class VisibilityUnknown implements Rule {
  private static final long serialVersionUID = 1L;

  @Override
  public RuleId id() {
    return RuleId.VISIBILITY_UNKNOWN;
  }

  @Override
  public String description() {
    return "No visibility was in force for the record at capture, so the private-content exclusion cannot be"
        + " verified.";
  }

  @Override
  public boolean finds(AuditFacts row, CompiledPolicy policy) {
    return row.recordKnown() && !policy.isExcluded(row.recordType()) && row.visibility() == null;
  }

  @Override
  public Evidence evidence(AuditFacts row, CompiledPolicy policy) {
    return Evidence.of().text("record_type", row.recordType()).instant("record_created_at", row.createdAt());
  }
}
