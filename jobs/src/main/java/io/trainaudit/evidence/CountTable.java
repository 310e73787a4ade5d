package io.trainaudit.evidence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The counts a summary publishes, each under an id, and every relation between them that a reader
 * can use to work out a hidden count: a total and its parts, two margins of one table that add up
 * to the same grand total, a count that cannot exceed another. A count published in several places
 * (e.g. a rule's count in the rule table and in a section's text) is one id, hidden everywhere or nowhere.
 */
public final class CountTable {
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final List<Relation> relations = new ArrayList<>();

  /**
   * {@code sum(left) == sum(right)} when {@code equal}, else {@code sum(left) <= sum(right)}.
   */
  public record Relation(List<String> left, List<String> right, boolean equal) {
    public Relation {
      left = List.copyOf(left);
      right = List.copyOf(right);
      if (left.isEmpty() || right.isEmpty()) {
        throw new IllegalArgumentException("a relation needs counts on both sides");
      }
    }

    /** Every id the relation names, left first. */
    public List<String> ids() {
      List<String> ids = new ArrayList<>(left);
      ids.addAll(right);
      return ids;
    }
  }

  /** Adds a count; adding an id again is allowed only with the same value. */
  public CountTable count(String id, long value) {
    Objects.requireNonNull(id, "id");
    if (value < 0) {
      throw new IllegalArgumentException("count " + id + " is negative: " + value);
    }
    Long previous = counts.putIfAbsent(id, value);
    if (previous != null && previous != value) {
      throw new IllegalArgumentException("count " + id + " given twice: " + previous + " and " + value);
    }
    return this;
  }

  /** {@code whole} is the sum of {@code parts}. */
  public CountTable total(String whole, Collection<String> parts) {
    return relation(new Relation(List.copyOf(parts), List.of(whole), true));
  }

  /** Both lists add up to the same number, e.g. two margins of one table. */
  public CountTable sameSum(Collection<String> left, Collection<String> right) {
    return relation(new Relation(List.copyOf(left), List.copyOf(right), true));
  }

  /** {@code part} is at most the sum of {@code wholes}, e.g. distinct members of some rows at most those rows. */
  public CountTable atMost(String part, Collection<String> wholes) {
    return relation(new Relation(List.of(part), List.copyOf(wholes), false));
  }

  public long value(String id) {
    Long value = counts.get(id);
    if (value == null) {
      throw new IllegalArgumentException("no count " + id);
    }
    return value;
  }

  /** Every count by id, in the order added. */
  public Map<String, Long> counts() {
    return Collections.unmodifiableMap(counts);
  }

  public List<Relation> relations() {
    return Collections.unmodifiableList(relations);
  }

  private CountTable relation(Relation relation) {
    for (String id : relation.ids()) {
      value(id);
    }
    relations.add(relation);
    return this;
  }
}
