package io.trainaudit.rules;

import io.trainaudit.config.Policy;
import java.util.List;
import java.util.Map;
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
          new MemberMismatch());

  private RuleRegistry() {}

  public static List<Rule> all() {
    return ALL;
  }

  /** The rules the policy does not disable. */
  public static List<Rule> enabled(Policy policy) {
    return ALL.stream().filter(r -> policy.isEnabled(r.id().name())).toList();
  }

  public static Rule byId(RuleId id) {
    return BY_ID.get(id);
  }

  private static final Map<RuleId, Rule> BY_ID = ALL.stream().collect(Collectors.toMap(Rule::id, Function.identity()));
}
