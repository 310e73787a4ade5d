package io.trainaudit.evidence;

/**
 * Age bands, the only form in which age leaves in evidence: no birth date, no exact age. The
 * bands below 18 follow the thresholds of child-protection law (13, 16, 18).
 */
public final class AgeBand {
  public static final String UNKNOWN = "unknown";

  /** Every band, youngest first, then {@link #UNKNOWN}. */
  public static final java.util.List<String> ALL = java.util.List.of(
      "under 13", "13-15", "16-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65 and over", UNKNOWN);

  private AgeBand() {}

  /** The band of an age in whole years; null (no age in the evidence) is {@link #UNKNOWN}. */
  public static String of(Integer age) {
    if (age == null || age < 0) {
      return UNKNOWN;
    }
    if (age < 13) {
      return "under 13";
    }
    if (age < 16) {
      return "13-15";
    }
    if (age < 18) {
      return "16-17";
    }
    if (age < 25) {
      return "18-24";
    }
    if (age >= 65) {
      return "65 and over";
    }
    int decade = (age - 25) / 10 * 10 + 25;
    return decade + "-" + (decade + 9);
  }
}
