package io.trainaudit.rules;

import io.trainaudit.tables.InputTable;
import java.io.Serializable;
import java.util.Set;

/**
 * One promise, checked on one audited training row ({@link AuditFacts}). A rule reads nothing and
 * writes nothing: it says whether the row gives a finding, and which facts prove it.
 */
public interface Rule extends Serializable {
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

  /** True when the row gives a finding under this rule; a missing fact is not a finding by itself. */
  boolean finds(AuditFacts row, CompiledPolicy policy);

  /** The facts the rule used, written as the finding's evidence. */
  Evidence evidence(AuditFacts row, CompiledPolicy policy);
}
