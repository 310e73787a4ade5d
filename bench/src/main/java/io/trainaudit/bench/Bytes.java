package io.trainaudit.bench;

import java.util.Locale;

/** Byte counts as people read them. */
final class Bytes {
  private Bytes() {}

  static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
  }
}
