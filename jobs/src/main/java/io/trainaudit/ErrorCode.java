package io.trainaudit;

/** What went wrong, and the exit code the command line reports for it (0 and 1 are verdicts). */
public enum ErrorCode {
  /** The command line itself was misused. */
  USAGE(2),
  /** The configuration file is missing, unreadable or invalid. */
  CONFIG(3),
  /** An input table is missing, is not Delta, or lacks a required column. */
  INPUT_SCHEMA(4),
  /** An input could not be read or an output could not be written. */
  IO(5),
  /** The run's coverage did not reconcile: some training rows were neither audited nor accounted for. */
  COVERAGE(6),
  /** Another run is in progress on the same outputs. */
  CONCURRENT_RUN(7),
  /** A past run could not be reproduced: its recorded result differs from a re-evaluation. */
  NOT_REPRODUCED(8),
  /** An internal error: a bug. */
  INTERNAL(9),
  /** verify: an evidence package is tampered with, incomplete, holds extra files or links, or its chain is broken. */
  NOT_VERIFIED(10),
  /** verify: a package is intact but its signer is neither given with --public-key nor pinned in a trust file. */
  SIGNER_NOT_TRUSTED(11);

  private final int exitCode;

  ErrorCode(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
