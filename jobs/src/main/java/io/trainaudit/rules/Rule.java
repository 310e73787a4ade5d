package io.trainaudit.rules;

import io.trainaudit.config.Policy;
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

  /** True when the row gives a finding under this rule; null counts as no finding. */
  Column finding(Policy policy);

  /** A struct of the facts the rule used; written as the finding's evidence JSON. */
  Column evidence(Policy policy);
}
