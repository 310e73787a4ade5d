package io.trainaudit.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.config.Policy;
import org.apache.spark.sql.Column;

/** The snapshot attributes the record to another member than its owner: its lineage is in doubt. */
public final class MemberMismatch implements Rule {
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
  public Column finding(Policy policy) {
    return Facts.holds(Facts.recordKnown().and(col(AuditRow.SNAPSHOT_MEMBER_ID).notEqual(col(AuditRow.RECORD_MEMBER_ID))));
  }

  @Override
  public Column evidence(Policy policy) {
    return struct(col(AuditRow.SNAPSHOT_MEMBER_ID), col(AuditRow.RECORD_MEMBER_ID));
  }
}
