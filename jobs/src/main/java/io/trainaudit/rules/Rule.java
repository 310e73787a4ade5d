package io.trainaudit.rules;

import io.trainaudit.config.Policy;
import io.trainaudit.tables.InputTable;
import java.util.Set;
import org.apache.spark.sql.Column;

/**
 * One promise, checked on an enriched training row ({@link AuditRow}). A rule reads nothing and
 * writes nothing: it only describes, as Spark columns, when a row gives a finding and which facts
 * prove it.
 */
public interface Rule {
  RuleId id();

  default Severity severity() {
    return id().severity();
  }

  /** The promise in one sentence, for reports. */
  String description();

  /** The optional input tables the rule needs: a run that reads none of them does not check it. */
  default Set<InputTable> inputs() {
    return Set.of();
  }

  /** True when the row gives a finding under this rule; null counts as no finding. */
  Column finding(Policy policy);

  /** A struct of the facts the rule used; written as the finding's evidence JSON. */
  Column evidence(Policy policy);
}
