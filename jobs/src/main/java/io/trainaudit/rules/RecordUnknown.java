package io.trainaudit.rules;

/** A training row must name a record of the records table; otherwise only the member's rules can be checked. */
public final class RecordUnknown implements Rule {
  private static final long serialVersionUID = 1L;

  @Override
  public RuleId id() {
    return RuleId.RECORD_UNKNOWN;
  }

  @Override
  public String description() {
    return "The record is absent from the records table; only the member-based rules could be checked.";
  }

  @Override
  public boolean finds(AuditFacts row, CompiledPolicy policy) {
    return !row.recordKnown();
  }

  @Override
  public Evidence evidence(AuditFacts row, CompiledPolicy policy) {
    return Evidence.of().text("snapshot_member_id", row.snapshotMemberId());
  }
}
