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
  /** A notebook cell failed when the notebooks were executed; the executed notebook shows the error. */
  NOTEBOOK_FAILED(12);

  private final int exitCode;

  ErrorCode(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
