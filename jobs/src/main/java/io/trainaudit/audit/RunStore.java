package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.config.TableLocation;
import io.trainaudit.tables.AuditRuns;
import io.trainaudit.tables.DeltaTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The audit_runs table: a row inserted when a run takes the lease on the outputs, completed in
 * place when it ends. Its writes are serialised within the process (the lease's renewals run on
 * their own thread) and retried when another process committed in between.
 */
public final class RunStore {
  public static final StructType SCHEMA =
      new StructType()
          .add(AuditRuns.RUN_ID, DataTypes.StringType, false)
          .add(AuditRuns.STARTED_AT, DataTypes.TimestampType, false)
          .add(AuditRuns.ENDED_AT, DataTypes.TimestampType)
          .add(AuditRuns.STATUS, DataTypes.StringType, false)
          .add(AuditRuns.MODE, DataTypes.StringType)
          .add(AuditRuns.OPT_OUT_MODE, DataTypes.StringType)
          .add(AuditRuns.SNAPSHOTS, DataTypes.createArrayType(DataTypes.StringType))
          .add(AuditRuns.INPUT_VERSIONS, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          .add(AuditRuns.OUTPUT_VERSIONS, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          .add(AuditRuns.POLICY_HASH, DataTypes.StringType)
          .add(AuditRuns.POLICY_JSON, DataTypes.StringType)
          .add(AuditRuns.CODE_VERSION, DataTypes.StringType)
          .add(AuditRuns.CONFIG_FILE, DataTypes.StringType)
          .add(AuditRuns.ROWS_READ, DataTypes.LongType)
          .add(AuditRuns.ROWS_AUDITED, DataTypes.LongType)
          .add(AuditRuns.ROWS_QUARANTINED, DataTypes.LongType)
          .add(AuditRuns.ROWS_DUPLICATE, DataTypes.LongType)
          .add(AuditRuns.VIOLATIONS, DataTypes.LongType)
          .add(AuditRuns.UNVERIFIABLE, DataTypes.LongType)
          .add(AuditRuns.CONCLUSION, DataTypes.StringType)
          .add(AuditRuns.FINDINGS_DIGEST, DataTypes.StringType)
          .add(AuditRuns.BASELINE_RUN_ID, DataTypes.StringType)
          .add(AuditRuns.MESSAGE, DataTypes.StringType)
          .add(AuditRuns.LEASE_OWNER, DataTypes.StringType)
          .add(AuditRuns.LEASE_EXPIRES_AT, DataTypes.TimestampType)
          .add(AuditRuns.RESULT_VERSIONS, DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
          .add(AuditRuns.FINDING_ID_SCHEME, DataTypes.StringType)
          .add(AuditRuns.DIGEST_SCHEME, DataTypes.StringType);

  /** The run id that names the most recent succeeded run. */
  public static final String LATEST = "latest";

  private static final int WRITE_ATTEMPTS = 5;

  private final SparkSession spark;
  private final TableLocation location;

  public RunStore(SparkSession spark, TableLocation location) {
    this.spark = spark;
    this.location = location;
  }

  /**
   * Inserts the run's row, holding a lease until {@code leaseUntil}, unless a row of another run
   * holds a lease beyond {@code now}: one commit that conflicts with any other commit to the table
   * in between, so that of two runs starting together at most one gets in. True when inserted.
   */
  synchronized boolean startIfFree(RunRecord run, Instant now, Instant leaseUntil) {
    OutputTables.ensure(spark, location, SCHEMA);
    Dataset<Row> row = spark.createDataFrame(List.of(toRow(run, leaseUntil)), SCHEMA);
    DeltaTables.handle(spark, location).as("t")
        .merge(row.as("s"), col("t." + AuditRuns.STATUS).equalTo(lit(RunRecord.RUNNING))
            .and(col("t." + AuditRuns.LEASE_EXPIRES_AT).gt(lit(Timestamp.from(now)))))
        .whenNotMatched()
        .insertAll()
        .execute();
    return DeltaTables.read(spark, location).where(col(AuditRuns.RUN_ID).equalTo(lit(run.runId()))).limit(1).count() == 1;
  }

  /** Records what the running run has learnt (versions, plan); its lease is left as it is. */
  synchronized void record(RunRecord run) {
    Map<String, Column> values = new LinkedHashMap<>();
    for (String column : SCHEMA.fieldNames()) {
      if (!column.equals(AuditRuns.LEASE_EXPIRES_AT)) {
        values.put(column, col("s." + column));
      }
    }
    updateFrom(run, null, values);
  }

  /** Replaces the run's row with its final state and releases its lease, in one commit. */
  public synchronized void ended(RunRecord run) {
    Map<String, Column> values = new LinkedHashMap<>();
    for (String column : SCHEMA.fieldNames()) {
      values.put(column, col("s." + column));
    }
    updateFrom(run, null, values);
  }

  /**
   * Extends the lease of a run still recorded as running; false when its row is no longer
   * running (another run found it dead and took over).
   */
  synchronized boolean renew(String runId, Instant until) {
    retrying(() -> {
      DeltaTables.handle(spark, location).update(
          col(AuditRuns.RUN_ID).equalTo(lit(runId)).and(col(AuditRuns.STATUS).equalTo(lit(RunRecord.RUNNING))),
          Map.of(AuditRuns.LEASE_EXPIRES_AT, lit(Timestamp.from(until))));
      return null;
    });
    return status(runId).map(RunRecord.RUNNING::equals).orElse(false);
  }

  /** Ends the lease of a run whose process is known dead, so that a new run may start. */
  synchronized void expireLease(String runId, Instant now) {
    retrying(() -> {
      DeltaTables.handle(spark, location).update(
          col(AuditRuns.RUN_ID).equalTo(lit(runId)).and(col(AuditRuns.STATUS).equalTo(lit(RunRecord.RUNNING))),
          Map.of(AuditRuns.LEASE_EXPIRES_AT, lit(Timestamp.from(now))));
      return null;
    });
  }

  /** The table's current version, from its log: a cheap way to tell that nothing changed. */
  long version() {
    return DeltaTables.latestVersion(spark, location);
  }

  /** The status a run's row has now, if it has one. */
  Optional<String> status(String runId) {
    return DeltaTables.read(spark, location).where(col(AuditRuns.RUN_ID).equalTo(lit(runId)))
        .select(AuditRuns.STATUS).limit(1).collectAsList().stream().map(r -> r.getString(0)).findFirst();
  }

  /** The recorded row of a run; {@code latest} names the most recent succeeded run. */
  public Row find(String runId) {
    if (!DeltaTables.exists(spark, location)) {
      throw new AuditException(ErrorCode.USAGE, "Cannot find run " + runId + ": no audit_runs table at "
          + location.display());
    }
    Dataset<Row> runs = DeltaTables.read(spark, location);
    Dataset<Row> match = LATEST.equals(runId)
        ? runs.where(col(AuditRuns.STATUS).equalTo(lit(RunRecord.SUCCEEDED))).orderBy(col(AuditRuns.STARTED_AT).desc())
        : runs.where(col(AuditRuns.RUN_ID).equalTo(lit(runId)));
    List<Row> found = match.limit(1).collectAsList();
    if (found.isEmpty()) {
      throw new AuditException(ErrorCode.USAGE, "Cannot find run " + runId + " in " + location.display());
    }
    return found.get(0);
  }

  /** The most recent succeeded run, if any. */
  public Optional<Row> lastSucceeded() {
    if (!DeltaTables.exists(spark, location)) {
      return Optional.empty();
    }
    List<Row> last = DeltaTables.read(spark, location)
        .where(col(AuditRuns.STATUS).equalTo(lit(RunRecord.SUCCEEDED)))
        .orderBy(col(AuditRuns.STARTED_AT).desc())
        .limit(1)
        .collectAsList();
    return last.stream().findFirst();
  }

  /** True when a succeeded run computed its finding ids under {@code scheme}. */
  boolean anySucceededUnder(String scheme) {
    return DeltaTables.exists(spark, location)
        && !DeltaTables.read(spark, location)
            .where(col(AuditRuns.STATUS).equalTo(lit(RunRecord.SUCCEEDED))
                .and(col(AuditRuns.FINDING_ID_SCHEME).equalTo(lit(scheme))))
            .limit(1).isEmpty();
  }

  /** Every snapshot a succeeded run audited in full: one row per snapshot, so bounded by their number. */
  public java.util.Set<String> auditedSnapshots() {
    if (!DeltaTables.exists(spark, location)) {
      return java.util.Set.of();
    }
    return DeltaTables.read(spark, location)
        .where(col(AuditRuns.STATUS).equalTo(lit(RunRecord.SUCCEEDED)))
        .select(org.apache.spark.sql.functions.explode(col(AuditRuns.SNAPSHOTS)))
        .distinct()
        .collectAsList().stream()
        .map(r -> r.getString(0))
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  /** Runs recorded as still running, the live and the dead: a bounded handful. */
  public List<Row> running() {
    if (!DeltaTables.exists(spark, location)) {
      return List.of();
    }
    return DeltaTables.read(spark, location)
        .where(col(AuditRuns.STATUS).equalTo(lit(RunRecord.RUNNING)))
        .limit(100)
        .collectAsList();
  }

  /** Marks a dead run abandoned, saying what was rolled back, and ends its lease. */
  public synchronized void abandoned(String runId, String message) {
    retrying(() -> {
      DeltaTables.handle(spark, location).update(
          col(AuditRuns.RUN_ID).equalTo(lit(runId)).and(col(AuditRuns.STATUS).equalTo(lit(RunRecord.RUNNING))),
          Map.of(
              AuditRuns.STATUS, lit(RunRecord.ABANDONED),
              AuditRuns.ENDED_AT, org.apache.spark.sql.functions.current_timestamp(),
              AuditRuns.LEASE_EXPIRES_AT, lit(null).cast(DataTypes.TimestampType),
              AuditRuns.MESSAGE, lit(message)));
      return null;
    });
  }

  /** Updates the run's row while it is still running: never a row another run has marked abandoned. */
  /** A string column of a recorded run, null when the run was recorded before the column existed. */
  static String optionalString(Row run, String column) {
    return java.util.Arrays.asList(run.schema().fieldNames()).contains(column) ? run.getAs(column) : null;
  }

  private void updateFrom(RunRecord run, Instant leaseUntil, Map<String, Column> values) {
    retrying(() -> {
      DeltaTables.handle(spark, location)
          .as("t")
          .merge(spark.createDataFrame(List.of(toRow(run, leaseUntil)), SCHEMA).as("s"),
              col("t." + AuditRuns.RUN_ID).equalTo(col("s." + AuditRuns.RUN_ID)))
          .whenMatched(col("t." + AuditRuns.STATUS).equalTo(lit(RunRecord.RUNNING)))
          .update(values)
          .execute();
      return null;
    });
  }

  /** A write that another process's commit in between made conflict is tried again: each write is idempotent. */
  private static <T> T retrying(Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (ConcurrentModificationException e) {
        if (attempt == WRITE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static Row toRow(RunRecord run, Instant leaseUntil) {
    Coverage coverage = run.coverage();
    return RowFactory.create(
        run.runId(),
        Timestamp.from(run.startedAt()),
        run.endedAt() == null ? null : Timestamp.from(run.endedAt()),
        run.status(),
        run.mode(),
        run.optOutMode(),
        run.snapshots(),
        run.inputVersions(),
        run.outputVersions(),
        run.policyHash(),
        run.policyJson(),
        run.codeVersion(),
        run.configFile(),
        coverage == null ? null : coverage.rowsRead(),
        coverage == null ? null : coverage.rowsAudited(),
        coverage == null ? null : coverage.rowsQuarantined(),
        coverage == null ? null : coverage.rowsDuplicate(),
        run.violations(),
        run.unverifiable(),
        run.conclusion(),
        run.findingsDigest(),
        run.baselineRunId(),
        run.message(),
        run.leaseOwner(),
        leaseUntil == null ? null : Timestamp.from(leaseUntil),
        run.resultVersions(),
        run.findingIdScheme(),
        run.digestScheme());
  }
}
