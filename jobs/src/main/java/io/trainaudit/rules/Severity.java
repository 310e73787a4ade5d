package io.trainaudit.rules;

import java.util.Locale;

/** How grave a finding is. */
public enum Severity {
  /** A broken promise. */
  VIOLATION,
  /** The evidence needed to decide is missing. */
  UNVERIFIABLE;

  /** The value written to the findings table. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
