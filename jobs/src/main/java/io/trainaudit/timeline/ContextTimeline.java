package io.trainaudit.timeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The sensitive history of one context (a group, page or event): which special categories are
 * flagged on it, as intervals of the set of them. Each (context, category) is its own history:
 * flags of one category at the same instant collapse to the most protective, flagged; an interval
 * begins wherever the set changes, so the state at an instant says since when the context has
 * held exactly that set. The caller passes only the categories the policy lists.
 */
public final class ContextTimeline {
  private ContextTimeline() {}

  /** One sensitive_contexts row of the context: a category flagged or lifted at an instant. */
  public record Flag(String category, long at, boolean flagged) {}

  /** The context's history: at each instant, the sorted categories flagged then (maybe none). */
  public static Timeline<List<String>> of(List<Flag> flags) {
    Map<String, List<Timeline.Change<Boolean>>> byCategory = new TreeMap<>();
    TreeSet<Long> instants = new TreeSet<>();
    for (Flag flag : flags) {
      byCategory.computeIfAbsent(flag.category(), c -> new ArrayList<>())
          .add(new Timeline.Change<>(flag.at(), flag.flagged()));
      instants.add(flag.at());
    }
    Map<String, Timeline<Boolean>> histories = new HashMap<>();
    byCategory.forEach((category, changes) -> histories.put(category, Timeline.of(changes, Boolean::logicalOr)));
    List<Timeline.Change<List<String>>> sets = new ArrayList<>(instants.size());
    for (long instant : instants) {
      List<String> flagged = new ArrayList<>();
      byCategory.keySet().forEach(category -> {
        Timeline.State<Boolean> state = histories.get(category).at(instant);
        if (state != null && state.value()) {
          flagged.add(category);
        }
      });
      sets.add(new Timeline.Change<>(instant, List.copyOf(flagged)));
    }
    // One change per instant: the tie rule is never asked.
    return Timeline.of(sets, (a, b) -> a);
  }
}
