package io.trainaudit.rules;

import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.config.Policy;
import io.trainaudit.tables.InputTable;
import java.util.Set;
import org.apache.spark.sql.Column;

/**
 * Content posted in a group, page or event flagged at capture with a special category the policy
 * names (trade-union membership, health, religion...) is not used for training.
 */
public final class SensitiveContext implements Rule {
  @Override
  public RuleId id() {
    return RuleId.SENSITIVE_CONTEXT;
  }

  @Override
  public String description() {
    return "Content posted in groups, pages or events flagged as holding special-category data (GDPR Art. 9:"
        + " trade-union membership, health, religion...) is not used for training.";
  }

  @Override
  public Set<InputTable> inputs() {
    return Set.of(InputTable.SENSITIVE_CONTEXTS);
  }

  @Override
  public Column finding(Policy policy) {
    Column listed = lit(policy.sensitiveCategories().toArray(String[]::new));
    return Facts.holds(Facts.recordKnown().and(arrays_overlap(col(AuditRow.SENSITIVE_CATEGORIES), listed)));
  }

  @Override
  public Column evidence(Policy policy) {
    return struct(
        col(AuditRow.CONTEXT_ID),
        col(AuditRow.SENSITIVE_CATEGORIES).as("categories"),
        col(AuditRow.SENSITIVE_SINCE).as("categories_since"));
  }
}
