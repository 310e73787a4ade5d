package io.trainaudit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The peak resident memory of this process ({@code VmHWM} of /proc/self/status): heap, native and DuckDB alike. */
final class PeakMemory {
  private static final Path STATUS = Path.of("/proc/self/status");

  private PeakMemory() {}

  static long ofThisProcess() {
    try {
      return Files.readAllLines(STATUS).stream()
          .filter(line -> line.startsWith("VmHWM:"))
          .map(line -> line.replaceAll("[^0-9]", ""))
          .mapToLong(kib -> Long.parseLong(kib) * 1024)
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no VmHWM line in " + STATUS));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the peak memory from " + STATUS + " (Linux only)", e);
    }
  }
}
