package io.trainaudit.rules;

/** Records deleted, or of accounts closed, at or before capture are not used. */
public final class DeletedData implements Rule {
  private static final long serialVersionUID = 1L;

  @Override
  public RuleId id() {
    return RuleId.DELETED_DATA;
  }

  @Override
  public String description() {
    return "Records deleted, or of accounts closed, at or before capture are not used for training.";
  }

  @Override
  public boolean finds(AuditFacts row, CompiledPolicy policy) {
    return (row.deletedAt() != null && row.deletedAt() <= row.capturedAt())
        || (row.closedAt() != null && row.closedAt() <= row.capturedAt());
  }

  @Override
  public Evidence evidence(AuditFacts row, CompiledPolicy policy) {
    return Evidence.of().instant("deleted_at", row.deletedAt()).instant("closed_at", row.closedAt());
  }
}
