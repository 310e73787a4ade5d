package io.trainaudit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.types.DataType;

/**
 * Every message the auditor fails with, built in one place: "Cannot X: reason". A table's location
 * comes as its description ("path /data/x", "catalog table catalog:db.x"), so that this class, which
 * every package uses, depends on none of them.
 */
public final class Errors {
  private Errors() {}

  public static AuditException tableMissing(String table, String location) {
    return new AuditException(ErrorCode.INPUT_SCHEMA,
        "Cannot audit: table " + table + " (" + location + ") does not exist");
  }

  /** A table the run expected to exist (it checked, or created it) has no Delta log at all. */
  public static AuditException noDeltaLog(String location) {
    return new AuditException(ErrorCode.INPUT_SCHEMA, "No Delta table at " + location);
  }

  public static AuditException notDelta(String table, String location) {
    return new AuditException(ErrorCode.INPUT_SCHEMA,
        "Cannot audit: table " + table + " (" + location + ") is not a Delta table");
  }

  public static AuditException missingColumn(String table, String location, String column, String expectedType) {
    return new AuditException(ErrorCode.INPUT_SCHEMA,
        "Cannot audit: table " + table + " (" + location + ") has no column " + column
            + " (expected " + expectedType + ")");
  }

  public static AuditException wrongType(String table, String location, String column, String expectedType,
      DataType actual) {
    return new AuditException(ErrorCode.INPUT_SCHEMA,
        "Cannot audit: table " + table + " (" + location + ") has column " + column + " of type "
            + actual.sql() + ", expected " + expectedType);
  }

  public static AuditException versionGone(String table, String location, long version, Throwable cause) {
    return new AuditException(ErrorCode.INPUT_SCHEMA,
        "Cannot read table " + table + " (" + location + ") at version " + version
            + ": the version is no longer readable (removed by VACUUM or log cleanup?): " + cause.getMessage(), cause);
  }

  public static AuditException versionUnreadable(String table, String location, long version, Throwable cause) {
    return new AuditException(ErrorCode.INPUT_SCHEMA,
        "Cannot read table " + table + " (" + location + ") at version " + version + ": " + cause.getMessage(), cause);
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

  public static AuditException configMissing(Path file) {
    return new AuditException(ErrorCode.CONFIG, "Cannot read configuration: no such file " + file);
  }

  public static AuditException configUnreadable(Path file, IOException cause) {
    return new AuditException(ErrorCode.CONFIG, "Cannot read configuration " + file + ": " + cause.getMessage(), cause);
  }

  public static AuditException configNotUtf8(Path file, int badByte, int offset) {
    return new AuditException(ErrorCode.CONFIG, String.format(Locale.ROOT,
        "Cannot read configuration %s: not UTF-8 text (byte 0x%02X at offset %d)", file, badByte & 0xFF, offset));
  }

  public static AuditException configNotYaml(String file, Exception cause) {
    return new AuditException(ErrorCode.CONFIG, "Cannot read configuration " + file + ": not valid YAML: "
        + cause.getMessage(), cause);
  }

  /** Every problem of a configuration file at once, one per line, each naming its key. */
  public static AuditException configProblems(String file, List<String> problems) {
    return new AuditException(ErrorCode.CONFIG, "Cannot load configuration " + file + ": " + problems.size()
        + " problem(s)\n  " + String.join("\n  ", problems));
  }

  public static AuditException codeVersionUnreadable(IOException cause) {
    return new AuditException(ErrorCode.INTERNAL, "Cannot read the auditor's version: " + cause.getMessage(), cause);
  }

  /** A JDK without what the Java SE specification requires of every JDK (SHA-256, HMAC-SHA256). */
  public static AuditException noAlgorithm(String what, Exception cause) {
    return new AuditException(ErrorCode.INTERNAL, "Cannot " + what + ": " + cause.getMessage(), cause);
  }

  public static AuditException policyNotSerialisable(Exception cause) {
    return new AuditException(ErrorCode.INTERNAL, "Cannot serialise the policy: " + cause.getMessage(), cause);
  }

  public static AuditException fullAndSnapshots() {
    return new AuditException(ErrorCode.USAGE, "Cannot run: --full and --snapshots exclude each other");
  }

  public static AuditException snapshotsNotFound(Set<String> missing) {
    return new AuditException(ErrorCode.USAGE,
        "Cannot audit the selected snapshots: " + missing + " not found in training_snapshots");
  }

  public static AuditException noRunsTable(String runId, String location) {
    return new AuditException(ErrorCode.USAGE, "Cannot find run " + runId + ": no audit_runs table at " + location);
  }

  public static AuditException runNotFound(String runId, String location) {
    return new AuditException(ErrorCode.USAGE, "Cannot find run " + runId + " in " + location);
  }

  /** {@code action} is what needs a succeeded run: "report", "reproduce". */
  public static AuditException runNotSucceeded(String action, String runId, String status) {
    return new AuditException(ErrorCode.USAGE,
        "Cannot " + action + " run " + runId + ": it did not succeed (status " + status + ")");
  }

  public static AuditException summaryMissing(String action, String runId, Path file) {
    return new AuditException(ErrorCode.IO, "Cannot " + action + " run " + runId + ": its summary " + file
        + " does not exist");
  }

  public static AuditException noSucceededRun(String memberId, String location) {
    return new AuditException(ErrorCode.USAGE, "Cannot answer for member " + memberId + ": no audit run has succeeded"
        + " yet in " + location);
  }

  /** No input row and no open finding names the member: {@code where} lists the tables searched. */
  public static AuditException memberUnknown(String memberId, String where) {
    return new AuditException(ErrorCode.USAGE, "Cannot answer for member " + memberId + ": no row of " + where
        + ", nor any open finding, holds this member id");
  }

  public static AuditException pseudonymUnknown(String pseudonym, String findings, Path keyFile) {
    return new AuditException(ErrorCode.USAGE, "Cannot answer for pseudonym " + pseudonym + ": no member of an"
        + " open finding in " + findings + " has it under the key of " + keyFile);
  }

  public static AuditException snapshotOfAPackage(Path folder) {
    return new AuditException(ErrorCode.USAGE, "Cannot verify " + folder + ": --snapshot-of checks a clearance"
        + " file, not an evidence package folder");
  }

  public static AuditException previousOfAClearance(Path file) {
    return new AuditException(ErrorCode.USAGE, "Cannot verify the clearance " + file + ": --previous checks the"
        + " chain of evidence packages; a clearance has none");
  }
}
