package io.trainaudit.generate;

/**
 * Identifiers of generated rows. Planted records are named {@code p-<case>-<member index>} so
 * that a finding names the case it was planted for; nothing else starts with {@code p-}.
 */
final class Ids {
  private Ids() {}

  static String member(long index) {
    return "m" + pad(index, 9);
  }

  static String record(long member, int n) {
    return "r" + pad(member, 9) + "-" + pad(n, 4);
  }

  static String event(long member, int n) {
    return "e" + pad(member, 9) + "-" + pad(n, 3);
  }

  /** A group, page or event ordinary members post in. */
  static String context(int n) {
    return "g" + pad(n, 4);
  }

  /** The context a planted record alone is posted in. */
  static String plantedContext(String recordId) {
    return "c-" + recordId;
  }

  static String planted(PlantedCase plantedCase, long member) {
    return "p-" + plantedCase.slug() + "-" + member;
  }

  private static String pad(long value, int width) {
    String digits = Long.toString(value);
    if (digits.length() >= width) {
      return digits;
    }
    return "0".repeat(width - digits.length()) + digits;
  }
}
