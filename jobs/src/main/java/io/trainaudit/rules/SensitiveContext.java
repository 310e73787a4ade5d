package io.trainaudit.rules;

import io.trainaudit.tables.InputTable;
import java.util.List;
import java.util.Set;

/**
 * Content posted in a group, page or event flagged at capture with a special category the policy
 * names (trade-union membership, health, religion...) is not used for training.
 */
public final class SensitiveContext implements Rule {
  private static final long serialVersionUID = 1L;

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
  public boolean finds(AuditFacts row, CompiledPolicy policy) {
    List<String> flagged = row.sensitiveCategories();
    return row.recordKnown() && flagged != null && flagged.stream().anyMatch(policy.sensitiveCategories()::contains);
  }

  @Override
  public Evidence evidence(AuditFacts row, CompiledPolicy policy) {
    return Evidence.of()
        .text("context_id", row.contextId())
        .texts("categories", row.sensitiveCategories())
        .instant("categories_since", row.sensitiveSince());
  }
}
