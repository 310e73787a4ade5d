package io.trainaudit;

/**
 * What went wrong, the exit code the command line reports for it, and what that code means in
 * every command's {@code --help}. Exit codes 0 and 1 are verdicts, never failures.
 */
public enum ErrorCode {
  /** The command line itself was misused. */
  USAGE(2, "usage error (wrong command or options); member: no table holds the member id or pseudonym"),
  /** The configuration file is missing, unreadable or invalid. */
  CONFIG(3, "invalid configuration (missing, unreadable, not YAML, or failing validation)"),
  /** An input table is missing, is not Delta, or lacks a required column. */
  INPUT_SCHEMA(4, "an input table is missing, not Delta, lacks a column or has an incompatible type, or a pinned"
      + " version is no longer readable"),
  /** An input could not be read or an output could not be written. */
  IO(5, "an input or output could not be read or written"),
  /** The run's coverage did not reconcile: some training rows were neither audited nor accounted for. */
  COVERAGE(6, "coverage did not reconcile"),
  /** Another run is in progress on the same outputs. */
  CONCURRENT_RUN(7, "another run is in progress on the same outputs"),
  /** A past run could not be reproduced: its recorded result differs from a re-evaluation. */
  NOT_REPRODUCED(8, "reproduce: the re-evaluated result differs from the recorded one"),
  /** An internal error: a bug. */
  INTERNAL(9, "internal error (a bug: please report it with the output above)"),
  /** verify: an evidence package is tampered with, incomplete, holds extra files or links, or its chain is broken. */
  NOT_VERIFIED(10, "verify: the evidence package is not verified (tampered, incomplete, extra files or links,"
      + " broken chain)"),
  /** verify: a package is intact but its signer is neither given with --public-key nor pinned in a trust file. */
  SIGNER_NOT_TRUSTED(11, "verify: the package is intact but its signer is not trusted (no --public-key, not pinned"
      + " with --trust)"),
  /** A notebook cell failed when the notebooks were executed; the executed notebook shows the error. */
  NOTEBOOK_FAILED(12, "notebooks: a notebook cell failed (its executed notebook shows the error)");

  /** The exit code of a run that found no violation. */
  public static final int NO_VIOLATIONS = 0;
  /** The exit code of a run that found violations: a verdict, not a failure. */
  public static final int VIOLATIONS_FOUND = 1;
  /** The exit code of {@code bin/audit} when it cannot build the auditor; the Java side never uses it. */
  public static final int LAUNCHER_BUILD_FAILED = 13;

  private final int exitCode;
  private final String meaning;

  ErrorCode(int exitCode, String meaning) {
    this.exitCode = exitCode;
    this.meaning = meaning;
  }

  public int exitCode() {
    return exitCode;
  }

  /** What the exit code tells the operator, as {@code --help} lists it. */
  public String meaning() {
    return meaning;
  }
}
