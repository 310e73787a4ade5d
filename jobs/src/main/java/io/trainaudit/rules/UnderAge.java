package io.trainaudit.rules;

import java.time.LocalDate;

/**
 * Data of members under the minimum age is excluded: the member must have come of age (birthday
 * at 00:00 UTC, java.time's plusYears) by the earlier of the record's collection and the capture.
 */
public final class UnderAge implements Rule {
  private static final long serialVersionUID = 1L;
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long SECONDS_PER_DAY = 86_400L;

  @Override
  public RuleId id() {
    return RuleId.UNDER_AGE;
  }

  @Override
  public String description() {
    return "Data a member created before reaching the minimum age is not used for training.";
  }

  @Override
  public boolean finds(AuditFacts row, CompiledPolicy policy) {
    return row.birthDate() != null && assessedAt(row) < CompiledPolicy.startOf(adultFrom(row, policy));
  }

  @Override
  public Evidence evidence(AuditFacts row, CompiledPolicy policy) {
    LocalDate birth = row.birthDate();
    return Evidence.of()
        .date("birth_date", birth)
        .number("minimum_age", policy.minimumAge())
        .date("adult_from", birth == null ? null : adultFrom(row, policy))
        .instant("assessed_at", assessedAt(row))
        .number("age_at_assessment", birth == null ? null : (int) Math.floor(monthsBetween(assessedAt(row), birth) / 12));
  }

  /** The day the member comes of age: a 29 February birthday falls on 28 February in common years. */
  private static LocalDate adultFrom(AuditFacts row, CompiledPolicy policy) {
    return row.birthDate().plusMonths(12L * policy.minimumAge());
  }

  private static long assessedAt(AuditFacts row) {
    return Math.min(row.createdAt(), row.capturedAt());
  }

  /**
   * Months from a day to an instant, as Spark's months_between measures them (31-day months for
   * the fraction, rounded to 8 decimals), so that the age in the evidence is the one earlier
   * versions of the auditor wrote.
   */
  static double monthsBetween(long micros, LocalDate day) {
    LocalDate at = LocalDate.ofEpochDay(Math.floorDiv(micros, MICROS_PER_DAY));
    double monthDiff = (at.getYear() * 12 + at.getMonthValue()) - (day.getYear() * 12 + day.getMonthValue());
    boolean bothLastDays = at.getDayOfMonth() == at.lengthOfMonth() && day.getDayOfMonth() == day.lengthOfMonth();
    if (at.getDayOfMonth() == day.getDayOfMonth() || bothLastDays) {
      return monthDiff;
    }
    long secondsInDay = (micros - at.toEpochDay() * MICROS_PER_DAY) / 1_000_000L;
    long secondsDiff = (at.getDayOfMonth() - day.getDayOfMonth()) * SECONDS_PER_DAY + secondsInDay;
    double diff = monthDiff + secondsDiff / (double) (31 * SECONDS_PER_DAY);
    return Math.round(diff * 1e8) / 1e8;
  }
}
