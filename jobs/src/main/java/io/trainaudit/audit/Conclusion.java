package io.trainaudit.audit;

/** What a succeeded run concluded, as audit_runs.conclusion and summary.json spell it. */
public enum Conclusion {
  /** Every audited row kept every checked promise; unverifiable rows may remain. */
  NO_VIOLATIONS,
  /** At least one violation is open. */
  VIOLATIONS_FOUND;

  public static Conclusion of(long violations) {
    return violations > 0 ? VIOLATIONS_FOUND : NO_VIOLATIONS;
  }
}
