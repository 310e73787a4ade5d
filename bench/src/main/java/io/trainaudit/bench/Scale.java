package io.trainaudit.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A benchmark data size: the generator's members, records per member and snapshots that make about
 * that many training rows (10 records per member, 4 snapshots: about 12.8 training rows per member).
 */
public enum Scale {
  TINY("tiny", 2_000),
  ONE_MILLION("1M", 80_000),
  TEN_MILLION("10M", 800_000),
  HUNDRED_MILLION("100M", 8_000_000);

  static final int RECORDS_PER_MEMBER = 10;
  static final int SNAPSHOTS = 4;
  static final long SEED = 7;

  private final String label;
  private final long members;

  Scale(String label, long members) {
    this.label = label;
    this.members = members;
  }

  public String label() {
    return label;
  }

  public long members() {
    return members;
  }

  /** The scale named {@code label} (case-insensitive), or an error that lists the known ones. */
  public static Scale of(String label) {
    return Arrays.stream(values())
        .filter(s -> s.label.equalsIgnoreCase(label.trim()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown scale '" + label + "'; expected one of "
            + Arrays.stream(values()).map(Scale::label).collect(Collectors.joining(", "))));
  }

  @Override
  public String toString() {
    return label.toLowerCase(Locale.ROOT);
  }
}
