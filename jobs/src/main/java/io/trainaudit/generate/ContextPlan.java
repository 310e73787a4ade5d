package io.trainaudit.generate;

import io.trainaudit.generate.MemberHistory.SensitiveContextRow;
import io.trainaudit.rules.Policy;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The groups, pages and events ordinary members post in, and the special-category flags of each,
 * derived from the seed alone (a few hundred contexts, built on the driver and shared by every
 * member's simulation). Most contexts are never flagged; some hold a category of the policy for a
 * while or for good, a few two of them, and a few a category the policy does not list.
 */
final class ContextPlan implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int CONTEXTS = 400;
  private static final long DAY = Times.DAY;
  private static final long FLAGS_FROM = Times.startOf(2019, 1, 1);
  private static final long UNTIL = Times.startOf(2026, 11, 30);
  /** Categories outside the default policy: flags the audit must not count. */
  private static final List<String> OTHER_CATEGORIES = List.of("alumni", "sports", "local_news");

  private final List<String> ids;
  private final Map<String, List<SensitiveContextRow>> flags;

  private ContextPlan(List<String> ids, Map<String, List<SensitiveContextRow>> flags) {
    this.ids = List.copyOf(ids);
    this.flags = flags;
  }

  static ContextPlan derive(long seed, Policy policy) {
    SplittableRandom random = new SplittableRandom(MemberSimulator.mix(seed, -2L));
    List<String> listed = policy.sensitiveCategories();
    List<String> others = OTHER_CATEGORIES.stream().filter(c -> !listed.contains(c)).toList();
    List<String> ids = new ArrayList<>();
    Map<String, List<SensitiveContextRow>> flags = new HashMap<>();
    for (int n = 0; n < CONTEXTS; n++) {
      String id = Ids.context(n);
      ids.add(id);
      List<SensitiveContextRow> rows = new ArrayList<>();
      double p = random.nextDouble();
      if (p < 0.12 && !listed.isEmpty()) {
        flag(rows, id, listed.get(random.nextInt(listed.size())), random);
      } else if (p < 0.15 && listed.size() > 1) {
        int first = random.nextInt(listed.size());
        flag(rows, id, listed.get(first), random);
        flag(rows, id, listed.get((first + 1 + random.nextInt(listed.size() - 1)) % listed.size()), random);
      } else if (p < 0.19 && !others.isEmpty()) {
        flag(rows, id, others.get(random.nextInt(others.size())), random);
      }
      if (!rows.isEmpty()) {
        flags.put(id, List.copyOf(rows));
      }
    }
    return new ContextPlan(ids, Collections.unmodifiableMap(flags));
  }

  /** A category flagged once, then sometimes lifted, and sometimes flagged again. */
  private static void flag(List<SensitiveContextRow> rows, String id, String category, SplittableRandom random) {
    long at = Times.between(random, FLAGS_FROM, UNTIL);
    rows.add(new SensitiveContextRow(id, category, true, at));
    if (random.nextDouble() < 0.3) {
      long lifted = at + DAY + random.nextLong(400 * DAY);
      rows.add(new SensitiveContextRow(id, category, false, lifted));
      if (random.nextDouble() < 0.3) {
        rows.add(new SensitiveContextRow(id, category, true, lifted + DAY + random.nextLong(200 * DAY)));
      }
    }
  }

  /** A context for an ordinary member's record. */
  String pick(SplittableRandom random) {
    return ids.get(random.nextInt(ids.size()));
  }

  /** The flags of a shared context; none for a context this plan does not hold. */
  List<SensitiveContextRow> flagsOf(String contextId) {
    return flags.getOrDefault(contextId, List.of());
  }

  /** Every flag of every shared context, in context order: the plan's rows of sensitive_contexts. */
  List<SensitiveContextRow> rows() {
    List<SensitiveContextRow> rows = new ArrayList<>();
    ids.forEach(id -> rows.addAll(flagsOf(id)));
    return rows;
  }
}
