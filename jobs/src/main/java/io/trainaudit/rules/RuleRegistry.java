package io.trainaudit.rules;

import io.trainaudit.tables.InputTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every rule of the contract, in one place, in the contract's order. */
public final class RuleRegistry {
  private static final List<Rule> ALL =
      List.of(
          new OptOutGenerative(),
          new ObjectionNonGenerative(),
          new UnderAge(),
          new AgeUnknown(),
          new PrivateContent(),
          new VisibilityUnknown(),
          new AffiliateShareProtected(),
          new BeforeEffectiveDate(),
          new RegionUnknown(),
          new DeletedData(),
          new RecordUnknown(),
          new MemberMismatch(),
          new SensitiveContext(),
          new DataOriginCutoff());

  private RuleRegistry() {}

  public static List<Rule> all() {
    return ALL;
  }

  /** The rules the policy does not disable. */
  public static List<Rule> enabled(Policy policy) {
    return ALL.stream().filter(r -> policy.isEnabled(r.id().name())).toList();
  }

  /** The rules a run checks: those the policy does not disable whose input tables the run reads. */
  public static List<Rule> checked(Policy policy, Set<InputTable> tables) {
    return enabled(policy).stream().filter(r -> tables.containsAll(r.inputs())).toList();
  }

  /** Every rule a run does not check, in the contract's order, with why: disabled, or a table not configured. */
  public static Map<RuleId, String> notChecked(Policy policy, Set<InputTable> tables) {
    Map<RuleId, String> reasons = new LinkedHashMap<>();
    for (Rule rule : ALL) {
      if (!policy.isEnabled(rule.id().name())) {
        reasons.put(rule.id(), "disabled by policy.disabled_rules");
      } else {
        rule.inputs().stream().filter(t -> !tables.contains(t)).findFirst()
            .ifPresent(t -> reasons.put(rule.id(), "tables." + t.tableName() + " is not configured"));
      }
    }
    return reasons;
  }

  public static Rule byId(RuleId id) {
    return BY_ID.get(id);
  }

  private static final Map<RuleId, Rule> BY_ID = ALL.stream().collect(Collectors.toMap(Rule::id, Function.identity()));
}
