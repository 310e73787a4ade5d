package io.trainaudit.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;

/**
 * The history of one value of one record or member, as intervals: each change is in force from
 * its instant (inclusive) until the next change (exclusive). Changes at one instant collapse to
 * one, chosen by a tie rule (the most protective), and consecutive changes to the same value
 * merge, so that the state at an instant says since when that value has held.
 *
 * <p>Instants are microseconds since the epoch, UTC, as Spark stores timestamps.
 *
 * @param <T> the value's type
 */
public final class Timeline<T> {
  private final long[] from;
  private final List<T> values;

  private Timeline(long[] from, List<T> values) {
    this.from = from;
    this.values = values;
  }

  /** A value taking effect at an instant. */
  public record Change<T>(long at, T value) {
    public Change {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The value in force at an instant and the instant it began. */
  public record State<T>(T value, long since) {}

  private static final Timeline<?> EMPTY = new Timeline<>(new long[0], List.of());

  /** A history with no change: no state at any instant. */
  @SuppressWarnings("unchecked")
  public static <T> Timeline<T> empty() {
    return (Timeline<T>) EMPTY;
  }

  /**
   * The history of these changes, in any order; {@code tie} picks the value that holds when
   * several changes share an instant (it must not depend on their order).
   */
  public static <T> Timeline<T> of(List<Change<T>> changes, BinaryOperator<T> tie) {
    if (changes.isEmpty()) {
      return empty();
    }
    List<Change<T>> sorted = new ArrayList<>(changes);
    sorted.sort(Comparator.comparingLong(Change::at));
    long[] from = new long[sorted.size()];
    List<T> values = new ArrayList<>(sorted.size());
    int n = 0;
    for (int i = 0; i < sorted.size(); ) {
      long at = sorted.get(i).at();
      T value = sorted.get(i).value();
      for (i++; i < sorted.size() && sorted.get(i).at() == at; i++) {
        value = tie.apply(value, sorted.get(i).value());
      }
      if (n == 0 || !values.get(n - 1).equals(value)) {
        from[n++] = at;
        values.add(value);
      }
    }
    return new Timeline<>(java.util.Arrays.copyOf(from, n), List.copyOf(values));
  }

  /** The state in force at {@code instant}: a change at exactly that instant already holds; null before any. */
  public State<T> at(long instant) {
    int low = 0;
    int high = from.length - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (from[mid] <= instant) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found < 0 ? null : new State<>(values.get(found), from[found]);
  }

  /** The history's intervals in order, each as the change that begins it. */
  public List<Change<T>> changes() {
    List<Change<T>> changes = new ArrayList<>(from.length);
    for (int i = 0; i < from.length; i++) {
      changes.add(new Change<>(from[i], values.get(i)));
    }
    return changes;
  }

  /** How many intervals the history has. */
  public int size() {
    return from.length;
  }
}
