package io.trainaudit;

import io.trainaudit.config.TableLocation;
import io.trainaudit.tables.ColumnSpec;
import org.apache.spark.sql.types.DataType;

/** Every message the auditor fails with, built in one place: "Cannot X: reason". */
public final class Errors {
  private Errors() {}

  public static AuditException tableMissing(String table, TableLocation location) {
    return new AuditException(ErrorCode.INPUT_SCHEMA,
        "Cannot audit: table " + table + " (" + describe(location) + ") does not exist");
  }

  /** A table the run expected to exist (it checked, or created it) has no Delta log at all. */
  public static AuditException noDeltaLog(TableLocation location) {
    return new AuditException(ErrorCode.INPUT_SCHEMA, "No Delta table at " + describe(location));
  }

  public static AuditException notDelta(String table, TableLocation location) {
    return new AuditException(ErrorCode.INPUT_SCHEMA,
        "Cannot audit: table " + table + " (" + describe(location) + ") is not a Delta table");
  }

  public static AuditException missingColumn(String table, TableLocation location, ColumnSpec column) {
    return new AuditException(ErrorCode.INPUT_SCHEMA,
        "Cannot audit: table " + table + " (" + describe(location) + ") has no column " + column.name()
            + " (expected " + column.type().describe() + ")");
  }

  public static AuditException wrongType(String table, TableLocation location, ColumnSpec column, DataType actual) {
    return new AuditException(ErrorCode.INPUT_SCHEMA,
        "Cannot audit: table " + table + " (" + describe(location) + ") has column " + column.name() + " of type "
            + actual.sql() + ", expected " + column.type().describe());
  }

  public static AuditException versionGone(String table, TableLocation location, long version, Throwable cause) {
    return new AuditException(ErrorCode.INPUT_SCHEMA,
        "Cannot read table " + table + " (" + describe(location) + ") at version " + version
            + ": the version is no longer readable (removed by VACUUM or log cleanup?): " + cause.getMessage(), cause);
  }

  public static AuditException coverage(String detail) {
    return new AuditException(ErrorCode.COVERAGE, "Cannot conclude the audit: coverage does not reconcile: " + detail);
  }

  public static AuditException io(String what, Throwable cause) {
    return new AuditException(ErrorCode.IO, "Cannot " + what + ": " + cause.getMessage(), cause);
  }

  public static AuditException runInProgress(String runId, String owner, java.time.Instant leaseUntil) {
    return new AuditException(ErrorCode.CONCURRENT_RUN, "Cannot start the audit: another run is in progress on these"
        + " outputs (run " + runId + " by " + owner + ", its lease runs until " + leaseUntil + ")");
  }

  public static AuditException runStartedTogether(Throwable cause) {
    return new AuditException(ErrorCode.CONCURRENT_RUN, "Cannot start the audit: another run took the outputs at the"
        + " same moment" + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")"), cause);
  }

  public static AuditException leaseLost(String runId, String why) {
    return new AuditException(ErrorCode.CONCURRENT_RUN, "Cannot finish run " + runId + ": it lost its lease on the"
        + " outputs (" + why + "); it wrote nothing more, and the run that took over rolled it back");
  }

  /** A failure that is not the auditor's own, met once a run has started: the run is rolled back. */
  public static AuditException runFailed(String runId, Throwable cause) {
    return new AuditException(ErrorCode.INTERNAL, "Cannot complete run " + runId + ": " + cause, cause);
  }

  private static String describe(TableLocation location) {
    return location instanceof TableLocation.CatalogTable ? "catalog table " + location.display() : "path " + location.display();
  }
}
