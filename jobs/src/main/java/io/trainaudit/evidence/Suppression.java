package io.trainaudit.evidence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small-count suppression that survives subtraction. Primary suppression hides every count from 1
 * to {@code minCount - 1}; complementary suppression then hides more counts, the smallest non-zero
 * ones of the same total or margin first, until a reader who subtracts along every published total,
 * margin and bound (repeatedly, carrying what each step proves into the next) can neither work out
 * a hidden count nor prove that a small one is below {@code minCount}. Zero is always shown: it singles
 * out no one, so a hidden count is known to be at least 1, and the reader is assumed to know that.
 */
public record Suppression(int minCount) {
  /** What replaces every hidden count, whichever the reason: a reader cannot tell small counts from their guards. */
  public static final String LABEL = "suppressed";
  private static final long UNBOUNDED = Long.MAX_VALUE;
  private static final int MAX_SWEEPS = 1_000;

  public Suppression {
    if (minCount < 1) {
      throw new IllegalArgumentException("minCount must be at least 1: " + minCount);
    }
  }

  /**
   * The ids to hide.
   *
   * @param avoid counts hidden only when no other count of the same relation can protect a small one
   *     (the total of violations)
   */
  public Set<String> hide(CountTable table, Collection<String> avoid) {
    Set<String> hidden = new LinkedHashSet<>();
    table.counts().forEach((id, n) -> {
      if (n > 0 && n < minCount) {
        hidden.add(id);
      }
    });
    for (String exposed = firstExposed(table, hidden); exposed != null; exposed = firstExposed(table, hidden)) {
      hidden.add(guardFor(exposed, table, hidden, avoid));
    }
    return hidden;
  }

  /**
   * The count to hide next for an exposed one, among the shown non-zero counts of the relations it
   * is linked to (see {@link #candidates}): the nearest, smallest one that protects it on its own;
   * else the nearest, smallest one, a step towards protecting it with several; counts to avoid only
   * when no other is linked; any other count last.
   */
  private String guardFor(String exposed, CountTable table, Set<String> hidden, Collection<String> avoid) {
    List<String> linked = candidates(exposed, table, hidden);
    List<String> preferred = linked.stream().filter(id -> !avoid.contains(id)).toList();
    for (String candidate : preferred) {
      Set<String> trial = new LinkedHashSet<>(hidden);
      trial.add(candidate);
      if (!exposed(table, trial, exposed)) {
        return candidate;
      }
    }
    if (!linked.isEmpty()) {
      return preferred.isEmpty() ? linked.get(0) : preferred.get(0);
    }
    return table.counts().keySet().stream().filter(id -> table.value(id) > 0 && !hidden.contains(id))
        .min(Comparator.comparingLong(table::value))
        .orElseThrow(() -> new IllegalStateException("every non-zero count is hidden, yet " + exposed + " is exposed"));
  }

  /** A hidden count the subtraction attack pins down or proves small, or null when every one is safe. */
  private String firstExposed(CountTable table, Set<String> hidden) {
    Map<String, long[]> bounds = bounds(table, hidden);
    for (String id : hidden) {
      if (bounds == null || exposed(bounds.get(id))) {
        return id;
      }
    }
    return null;
  }

  private boolean exposed(CountTable table, Set<String> hidden, String id) {
    Map<String, long[]> bounds = bounds(table, hidden);
    return bounds == null || exposed(bounds.get(id));
  }

  /** Pinned to one value, or proved below the threshold. */
  private boolean exposed(long[] bounds) {
    return bounds[0] >= bounds[1] || bounds[1] < minCount;
  }

  /**
   * What a reader can prove of each count from the published ones: its lowest and highest possible
   * value ({@link Long#MAX_VALUE}: no upper bound), by interval propagation over every relation
   * until nothing changes; null if that does not settle within a bounded number of sweeps.
   */
  private static Map<String, long[]> bounds(CountTable table, Set<String> hidden) {
    Map<String, long[]> bounds = new HashMap<>();
    table.counts().forEach((id, n) -> bounds.put(id, hidden.contains(id) ? new long[] {1, UNBOUNDED} : new long[] {n, n}));
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      boolean changed = false;
      for (CountTable.Relation r : table.relations()) {
        changed |= narrow(r.left(), r.right(), bounds, true, r.equal());
        changed |= narrow(r.right(), r.left(), bounds, r.equal(), true);
      }
      if (!changed) {
        return bounds;
      }
    }
    return null;
  }

  /**
   * Narrows each count of {@code side} from {@code sum(side) = sum(other)}: its upper bound when
   * {@code side} is at most {@code other}, its lower bound when it is at least.
   */
  private static boolean narrow(List<String> side, List<String> other, Map<String, long[]> bounds, boolean atMost,
      boolean atLeast) {
    boolean changed = false;
    long otherLow = sum(other, bounds, 0);
    long otherHigh = sum(other, bounds, 1);
    for (int i = 0; i < side.size(); i++) {
      long[] b = bounds.get(side.get(i));
      List<String> rest = new ArrayList<>(side);
      rest.remove(i);
      long restLow = sum(rest, bounds, 0);
      long restHigh = sum(rest, bounds, 1);
      if (atMost && otherHigh != UNBOUNDED && otherHigh - restLow < b[1]) {
        b[1] = otherHigh - restLow;
        changed = true;
      }
      if (atLeast && restHigh != UNBOUNDED && otherLow - restHigh > b[0]) {
        b[0] = otherLow - restHigh;
        changed = true;
      }
    }
    return changed;
  }

  private static long sum(List<String> ids, Map<String, long[]> bounds, int which) {
    long sum = 0;
    for (String id : ids) {
      long v = bounds.get(id)[which];
      if (v == UNBOUNDED) {
        return UNBOUNDED;
      }
      sum += v;
    }
    return sum;
  }

  /**
   * The shown non-zero counts linked to an exposed one, nearest first: those of the relations it is
   * in, smallest first; then those of the relations reached from there through hidden counts, and so on.
   */
  private static List<String> candidates(String exposed, CountTable table, Set<String> hidden) {
    Set<String> candidates = new LinkedHashSet<>();
    Set<String> reached = new LinkedHashSet<>(List.of(exposed));
    Set<CountTable.Relation> seen = new HashSet<>();
    for (boolean grew = true; grew; ) {
      List<String> level = new ArrayList<>();
      grew = false;
      for (CountTable.Relation r : table.relations()) {
        if (!seen.contains(r) && r.ids().stream().anyMatch(reached::contains)) {
          seen.add(r);
          level.addAll(r.ids());
          grew = true;
        }
      }
      level.stream().filter(id -> table.value(id) > 0 && !hidden.contains(id)).distinct()
          .sorted(Comparator.comparingLong(table::value)).forEach(candidates::add);
      level.stream().filter(hidden::contains).forEach(reached::add);
    }
    return new ArrayList<>(candidates);
  }
}
