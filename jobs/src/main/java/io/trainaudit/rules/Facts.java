package io.trainaudit.rules;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.trainaudit.config.Policy;
import io.trainaudit.tables.Vocabulary;
import java.util.List;
import org.apache.spark.sql.Column;

/** Facts several rules share, as columns over an {@link AuditRow}. */
final class Facts {
  private Facts() {}

  static Column generative() {
    return col(AuditRow.PURPOSE).equalTo(lit(Vocabulary.PURPOSE_GENERATIVE));
  }

  static Column nonGenerative() {
    return col(AuditRow.PURPOSE).equalTo(lit(Vocabulary.PURPOSE_NON_GENERATIVE));
  }

  static Column recordKnown() {
    return col(AuditRow.RECORD_KNOWN);
  }

  /** The row went to an affiliate for a purpose the affiliate rule covers. */
  static Column sharedWithAffiliate(Policy policy) {
    return col(AuditRow.RECIPIENT).notEqual(lit(policy.internalRecipient()))
        .and(col(AuditRow.PURPOSE).isin(policy.affiliateRulePurposes().toArray()));
  }

  static Column in(String column, List<String> values) {
    return coalesce(col(column).isin(values.toArray()), lit(false));
  }

  /** True or false, never null: a missing fact is not a finding. */
  static Column holds(Column condition) {
    return coalesce(condition, lit(false));
  }
}
