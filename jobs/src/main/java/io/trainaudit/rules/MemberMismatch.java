package io.trainaudit.rules;

/** The snapshot must attribute a record to its owner; when it does not, the owner is the member audited. */
public final class MemberMismatch implements Rule {
  private static final long serialVersionUID = 1L;

  @Override
  public RuleId id() {
    return RuleId.MEMBER_MISMATCH;
  }

  @Override
  public String description() {
    return "The snapshot attributes the record to a different member than the records table; the record's owner"
        + " was audited.";
  }

  @Override
  public boolean finds(AuditFacts row, CompiledPolicy policy) {
    return row.recordKnown() && !row.snapshotMemberId().equals(row.recordMemberId());
  }

  @Override
  public Evidence evidence(AuditFacts row, CompiledPolicy policy) {
    return Evidence.of().text("snapshot_member_id", row.snapshotMemberId()).text("record_member_id", row.recordMemberId());
  }
}
