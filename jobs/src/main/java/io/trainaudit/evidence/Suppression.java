package io.trainaudit.evidence;

/**
 * Small-count suppression: a count from 1 to {@code minCount - 1} could single out members, so it
 * is shown as {@code "<minCount"}. Zero is shown, since it singles out no one.
 */
public record Suppression(int minCount) {
  public Suppression {
    if (minCount < 1) {
      throw new IllegalArgumentException("minCount must be at least 1: " + minCount);
    }
  }

  /** The count as a number, or the text {@code "<minCount"} when it is suppressed. */
  public Object show(long count) {
    return count > 0 && count < minCount ? label() : (Object) count;
  }

  /** The text that replaces a suppressed count. */
  public String label() {
    return "<" + minCount;
  }
}
