package io.trainaudit.generate;

import java.time.LocalDate;
import java.util.SplittableRandom;

/** Instants of the simulation: whole UTC seconds since the epoch, as the contract's timestamps. */
final class Times {
  static final long DAY = 86_400L;

  private Times() {}

  static long startOf(LocalDate date) {
    return date.toEpochDay() * DAY;
  }

  static long startOf(int year, int month, int day) {
    return startOf(LocalDate.of(year, month, day));
  }

  static LocalDate dateOf(long seconds) {
    return LocalDate.ofEpochDay(Math.floorDiv(seconds, DAY));
  }

  /** A uniformly random second in [from, until). */
  static long between(SplittableRandom random, long from, long until) {
    return until <= from ? from : from + random.nextLong(until - from);
  }
}
