package io.trainaudit.audit;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line per phase of a long job, with its elapsed time and what it counted. */
public final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger("io.trainaudit.progress");

  private final String job;
  private final long start = System.nanoTime();
  private long phaseStart = start;

  public Progress(String job) {
    this.job = job;
  }

  /** Logs the end of a phase: its name, how long it took, and a count summary. */
  public void phase(String name, String counts) {
    long now = System.nanoTime();
    LOG.info(String.format(Locale.ROOT, "[%s] %-28s %7.1f s  %s", job, name, (now - phaseStart) / 1e9, counts));
    phaseStart = now;
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  public static String rows(long n) {
    return String.format(Locale.ROOT, "%,d rows", n);
  }
}
