package io.trainaudit.evidence;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reader of a public summary who subtracts, written apart from {@link Suppression}: knowing the
 * shown counts exactly and that a hidden count is at least 1 (zero is always shown), it subtracts
 * along every total, margin and bound, again and again, carrying what each step proves into the
 * next, and reports every hidden count it pins to one value or proves below the threshold.
 */
public final class SubtractionAttacker {
  private static final long NONE = Long.MAX_VALUE;

  /** Hidden counts the attack pins to one value or proves below {@code minCount}, with their true values. */
  public static Map<String, Long> exposed(CountTable table, Set<String> hidden, int minCount) {
    Map<String, long[]> range = new HashMap<>();
    table.counts().forEach((id, n) -> range.put(id, hidden.contains(id) ? new long[] {1, NONE} : new long[] {n, n}));
    for (boolean changed = true; changed; ) {
      changed = false;
      for (CountTable.Relation r : table.relations()) {
        changed |= subtract(r.left(), r.right(), range, true, r.equal());
        changed |= subtract(r.right(), r.left(), range, r.equal(), true);
      }
    }
    Map<String, Long> exposed = new TreeMap<>();
    for (String id : new LinkedHashSet<>(hidden)) {
      long[] b = range.get(id);
      if (b[0] == b[1] || b[1] < minCount) {
        exposed.put(id, table.value(id));
      }
    }
    return exposed;
  }

  /** From sum(mine) = sum(theirs) (or only one direction): each of mine is theirs minus my others. */
  private static boolean subtract(List<String> mine, List<String> theirs, Map<String, long[]> range,
      boolean upper, boolean lower) {
    boolean changed = false;
    for (int i = 0; i < mine.size(); i++) {
      String id = mine.get(i);
      long othersLow = 0;
      long othersHigh = 0;
      for (int j = 0; j < mine.size(); j++) {
        if (j != i) {
          othersLow += range.get(mine.get(j))[0];
          othersHigh = add(othersHigh, range.get(mine.get(j))[1]);
        }
      }
      long theirsLow = 0;
      long theirsHigh = 0;
      for (String their : theirs) {
        theirsLow += range.get(their)[0];
        theirsHigh = add(theirsHigh, range.get(their)[1]);
      }
      long[] b = range.get(id);
      if (upper && theirsHigh != NONE && theirsHigh - othersLow < b[1]) {
        b[1] = theirsHigh - othersLow;
        changed = true;
      }
      if (lower && othersHigh != NONE && theirsLow - othersHigh > b[0]) {
        b[0] = theirsLow - othersHigh;
        changed = true;
      }
      if (b[0] > b[1]) {
        throw new AssertionError("inconsistent bounds for " + id);
      }
    }
    return changed;
  }

  private static long add(long a, long b) {
    return a == NONE || b == NONE ? NONE : a + b;
  }

  private SubtractionAttacker() {}
}
