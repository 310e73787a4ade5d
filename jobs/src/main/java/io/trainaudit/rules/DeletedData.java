package io.trainaudit.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.config.Policy;
import org.apache.spark.sql.Column;

/** Deleted records and the data of closed accounts are not used: a deletion at capture counts. */
public final class DeletedData implements Rule {
  @Override
  public RuleId id() {
    return RuleId.DELETED_DATA;
  }

  @Override
  public String description() {
    return "Records deleted, or of accounts closed, at or before capture are not used for training.";
  }

  @Override
  public Column finding(Policy policy) {
    return Facts.holds(col(AuditRow.DELETED_AT).leq(col(AuditRow.CAPTURED_AT)))
        .or(Facts.holds(col(AuditRow.CLOSED_AT).leq(col(AuditRow.CAPTURED_AT))));
  }

  @Override
  public Column evidence(Policy policy) {
    return struct(col(AuditRow.DELETED_AT), col(AuditRow.CLOSED_AT));
  }
}
