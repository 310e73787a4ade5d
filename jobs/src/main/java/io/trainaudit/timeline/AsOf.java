package io.trainaudit.timeline;

import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.filter;

import java.util.function.Function;
import org.apache.spark.sql.Column;

/**
 * Picks the state in force at an instant from a small array of intervals held by each member or
 * record. An interval is a struct with {@code from} (inclusive) and {@code until} (exclusive, null
 * while open); intervals of one array never overlap, so at most one matches.
 */
public final class AsOf {
  public static final String FROM = "from";
  public static final String UNTIL = "until";

  private AsOf() {}

  /** The interval of {@code intervals} in force at {@code instant}, or null. */
  public static Column at(Column intervals, Column instant) {
    return at(intervals, instant, x -> org.apache.spark.sql.functions.lit(true));
  }

  /** The interval in force at {@code instant} among those that also satisfy {@code which}. */
  public static Column at(Column intervals, Column instant, Function<Column, Column> which) {
    return element_at(
        filter(intervals, x -> which.apply(x)
            .and(x.getField(FROM).leq(instant))
            .and(x.getField(UNTIL).isNull().or(instant.lt(x.getField(UNTIL))))),
        1);
  }
}
