package io.trainaudit.audit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What a run audits ({@link AuditScope}), as audit_runs.mode and summary.json spell it. */
public enum RunMode {
  /** Every snapshot. */
  FULL,
  /** The chosen snapshots: a backfill. */
  SNAPSHOTS,
  /** New snapshots, and the rows of older ones whose evidence changed since the last run. */
  INCREMENTAL,
  /** One candidate snapshot of the pre-training gate. */
  GATE;

  /** The value in audit_runs and summary.json: the name in lower case. */
  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The recorded value, so that a mode reads in messages as it is recorded. */
  @Override
  public String toString() {
    return value();
  }

  /** The mode a recorded value names. */
  @JsonCreator
  public static RunMode of(String value) {
    return Arrays.stream(values()).filter(m -> m.value().equals(value)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a run mode in audit_runs: " + value));
  }
}
