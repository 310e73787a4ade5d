package io.trainaudit.audit;

import java.util.Arrays;
import java.util.Locale;

/** Where a run stands in audit_runs.status, as the contract spells it. */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** A run found still "running" by a later run: it was killed, and its writes were rolled back. */
  ABANDONED;

  /** The value in audit_runs: the name in lower case. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status a recorded value names. */
  public static RunStatus of(String value) {
    return Arrays.stream(values()).filter(s -> s.value().equals(value)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a run status in audit_runs: " + value));
  }
}
