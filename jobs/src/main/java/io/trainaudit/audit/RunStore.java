package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.trainaudit.Errors;
import io.trainaudit.spark.Rows;
import io.trainaudit.tables.AuditRuns;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.TableLocation;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
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
 * place when it ends. Rows go in and come out as {@link RunRecord}s: no other class reads its
 * columns. Its writes are serialised within the process (the lease's renewals run on
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
   * in between, so that of two runs starting together at most one gets in. Returns the table's
   * version at which the row was found inserted; empty when it was not.
   */
  synchronized OptionalLong startIfFree(RunRecord run, Instant now, Instant leaseUntil) {
    OutputTables.ensure(spark, location, SCHEMA);
    Dataset<Row> row = spark.createDataFrame(List.of(toRow(run.leasedUntil(leaseUntil))), SCHEMA);
    DeltaTables.handle(spark, location).as("t")
        .merge(row.as("s"), col("t." + AuditRuns.STATUS).equalTo(lit(RunStatus.RUNNING.value()))
            .and(col("t." + AuditRuns.LEASE_EXPIRES_AT).gt(lit(Timestamp.from(now)))))
        .whenNotMatched()
        .insertAll()
        .execute();
    long version = version();
    boolean inserted = DeltaTables.read(spark, "audit_runs", location, version)
        .where(col(AuditRuns.RUN_ID).equalTo(lit(run.runId()))).limit(1).count() == 1;
    return inserted ? OptionalLong.of(version) : OptionalLong.empty();
  }

  /** Records what the running run has learnt (versions, plan); its lease is left as it is. */
  synchronized void record(RunRecord run) {
    Map<String, Column> values = new LinkedHashMap<>();
    for (String column : SCHEMA.fieldNames()) {
      if (!column.equals(AuditRuns.LEASE_EXPIRES_AT)) {
        values.put(column, col("s." + column));
      }
    }
    updateFrom(run, values);
  }

  /** Replaces the run's row with its final state (which has released its lease), in one commit. */
  public synchronized void ended(RunRecord run) {
    Map<String, Column> values = new LinkedHashMap<>();
    for (String column : SCHEMA.fieldNames()) {
      values.put(column, col("s." + column));
    }
    updateFrom(run, values);
  }

  /**
   * Extends the lease of a run still recorded as running; false when its row is no longer
   * running (another run found it dead and took over).
   */
  synchronized boolean renew(String runId, Instant until) {
    retrying(() -> {
      DeltaTables.handle(spark, location).update(
          col(AuditRuns.RUN_ID).equalTo(lit(runId)).and(col(AuditRuns.STATUS).equalTo(lit(RunStatus.RUNNING.value()))),
          Map.of(AuditRuns.LEASE_EXPIRES_AT, lit(Timestamp.from(until))));
      return null;
    });
    return status(runId).map(RunStatus.RUNNING::equals).orElse(false);
  }

  /** Ends the lease of a run whose process is known dead, so that a new run may start. */
  synchronized void expireLease(String runId, Instant now) {
    retrying(() -> {
      DeltaTables.handle(spark, location).update(
          col(AuditRuns.RUN_ID).equalTo(lit(runId)).and(col(AuditRuns.STATUS).equalTo(lit(RunStatus.RUNNING.value()))),
          Map.of(AuditRuns.LEASE_EXPIRES_AT, lit(Timestamp.from(now))));
      return null;
    });
  }

  /** The table's current version, from its log: a cheap way to tell that nothing changed. */
  long version() {
    return DeltaTables.latestVersion(spark, location);
  }

  /** The status a run's row has now, if it has one. */
  Optional<RunStatus> status(String runId) {
    return DeltaTables.read(spark, location).where(col(AuditRuns.RUN_ID).equalTo(lit(runId)))
        .select(AuditRuns.STATUS).limit(1).collectAsList().stream().map(r -> RunStatus.of(r.getString(0))).findFirst();
  }

  /** The recorded row of a run; {@code latest} names the most recent succeeded run. */
  public RunRecord find(String runId) {
    if (!DeltaTables.exists(spark, location)) {
      throw Errors.noRunsTable(runId, location.display());
    }
    Dataset<Row> runs = DeltaTables.read(spark, location);
    Dataset<Row> match = LATEST.equals(runId)
        ? runs.where(col(AuditRuns.STATUS).equalTo(lit(RunStatus.SUCCEEDED.value()))).orderBy(col(AuditRuns.STARTED_AT).desc())
        : runs.where(col(AuditRuns.RUN_ID).equalTo(lit(runId)));
    List<Row> found = match.limit(1).collectAsList();
    if (found.isEmpty()) {
      throw Errors.runNotFound(runId, location.display());
    }
    return toRecord(found.get(0));
  }

  /**
   * The recorded row of a run that succeeded (see {@link #find}); {@code action}, what needs a
   * succeeded run ("report", "reproduce", "export"), words the error otherwise.
   */
  public RunRecord findSucceeded(String runId, String action) {
    RunRecord run = find(runId);
    if (!run.succeeded()) {
      throw Errors.runNotSucceeded(action, run.runId(), run.status().value());
    }
    return run;
  }

  /** The most recent succeeded run, if any. */
  public Optional<RunRecord> lastSucceeded() {
    if (!DeltaTables.exists(spark, location)) {
      return Optional.empty();
    }
    return lastSucceeded(DeltaTables.read(spark, location), 1).stream().findFirst();
  }

  /** The succeeded run started last among those of the given modes. */
  public Optional<RunRecord> lastSucceeded(Set<RunMode> modes) {
    if (!DeltaTables.exists(spark, location)) {
      return Optional.empty();
    }
    return lastSucceeded(DeltaTables.read(spark, location)
        .where(col(AuditRuns.MODE).isin(modes.stream().map(RunMode::value).toArray())), 1).stream().findFirst();
  }

  /** The last {@code count} succeeded runs started at or before {@code until}, the latest first. */
  public List<RunRecord> lastSucceeded(Instant until, int count) {
    return lastSucceeded(DeltaTables.read(spark, location)
        .where(col(AuditRuns.STARTED_AT).leq(lit(Timestamp.from(until)))), count);
  }

  private static List<RunRecord> lastSucceeded(Dataset<Row> runs, int count) {
    return runs.where(col(AuditRuns.STATUS).equalTo(lit(RunStatus.SUCCEEDED.value())))
        .orderBy(col(AuditRuns.STARTED_AT).desc())
        .limit(count)
        .collectAsList().stream()
        .map(RunStore::toRecord)
        .toList();
  }

  /** True when a succeeded run computed its finding ids under {@code scheme}. */
  boolean anySucceededUnder(String scheme) {
    return DeltaTables.exists(spark, location)
        && !Rows.none(DeltaTables.read(spark, location)
            .where(col(AuditRuns.STATUS).equalTo(lit(RunStatus.SUCCEEDED.value()))
                .and(col(AuditRuns.FINDING_ID_SCHEME).equalTo(lit(scheme)))));
  }

  /** Every snapshot a succeeded run audited in full: one row per snapshot, so bounded by their number. */
  public Set<String> auditedSnapshots() {
    if (!DeltaTables.exists(spark, location)) {
      return Set.of();
    }
    return DeltaTables.read(spark, location)
        .where(col(AuditRuns.STATUS).equalTo(lit(RunStatus.SUCCEEDED.value())))
        .select(org.apache.spark.sql.functions.explode(col(AuditRuns.SNAPSHOTS)))
        .distinct()
        .collectAsList().stream()
        .map(r -> r.getString(0))
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  /** Runs recorded as still running, the live and the dead: a bounded handful. */
  public List<RunRecord> running() {
    if (!DeltaTables.exists(spark, location)) {
      return List.of();
    }
    return DeltaTables.read(spark, location)
        .where(col(AuditRuns.STATUS).equalTo(lit(RunStatus.RUNNING.value())))
        .limit(100)
        .collectAsList().stream()
        .map(RunStore::toRecord)
        .toList();
  }

  /** Marks a dead run abandoned, saying what was rolled back, and ends its lease. */
  public synchronized void abandoned(String runId, String message) {
    retrying(() -> {
      DeltaTables.handle(spark, location).update(
          col(AuditRuns.RUN_ID).equalTo(lit(runId)).and(col(AuditRuns.STATUS).equalTo(lit(RunStatus.RUNNING.value()))),
          Map.of(
              AuditRuns.STATUS, lit(RunStatus.ABANDONED.value()),
              AuditRuns.ENDED_AT, org.apache.spark.sql.functions.current_timestamp(),
              AuditRuns.LEASE_EXPIRES_AT, lit(null).cast(DataTypes.TimestampType),
              AuditRuns.MESSAGE, lit(message)));
      return null;
    });
  }

  /** Updates the run's row while it is still running: never a row another run has marked abandoned. */
  private void updateFrom(RunRecord run, Map<String, Column> values) {
    retrying(() -> {
      DeltaTables.handle(spark, location)
          .as("t")
          .merge(spark.createDataFrame(List.of(toRow(run)), SCHEMA).as("s"),
              col("t." + AuditRuns.RUN_ID).equalTo(col("s." + AuditRuns.RUN_ID)))
          .whenMatched(col("t." + AuditRuns.STATUS).equalTo(lit(RunStatus.RUNNING.value())))
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

  private static Row toRow(RunRecord run) {
    RunRecord.Plan plan = run.plan();
    RunRecord.Provenance provenance = run.provenance();
    RunRecord.Versions versions = run.versions();
    RunRecord.Outcome outcome = run.outcome();
    Coverage coverage = outcome == null ? null : outcome.coverage();
    return RowFactory.create(
        run.runId(),
        Timestamp.from(run.startedAt()),
        timestamp(run.endedAt()),
        run.status().value(),
        plan.mode().value(),
        provenance.optOutMode(),
        plan.snapshots(),
        versions.inputs(),
        versions.outputs(),
        provenance.policyHash(),
        provenance.policyJson(),
        provenance.codeVersion(),
        provenance.configFile(),
        coverage == null ? null : coverage.rowsRead(),
        coverage == null ? null : coverage.rowsAudited(),
        coverage == null ? null : coverage.rowsQuarantined(),
        coverage == null ? null : coverage.rowsDuplicate(),
        outcome == null ? null : outcome.violations(),
        outcome == null ? null : outcome.unverifiable(),
        outcome == null ? null : outcome.conclusion().name(),
        outcome == null ? null : outcome.findingsDigest(),
        plan.baselineRunId(),
        run.message(),
        run.lease().owner(),
        timestamp(run.lease().expiresAt()),
        versions.results(),
        provenance.findingIdScheme(),
        provenance.digestScheme());
  }

  /**
   * A row read back; a column the table lacks (it was written by an older auditor) reads as null,
   * an absent map as empty. The outcome is read only for a succeeded run.
   */
  static RunRecord toRecord(Row row) {
    Set<String> columns = Set.of(row.schema().fieldNames());
    RunStatus status = RunStatus.of(row.getAs(AuditRuns.STATUS));
    RunRecord.Outcome outcome = status != RunStatus.SUCCEEDED ? null : new RunRecord.Outcome(
        new Coverage(longOf(row, columns, AuditRuns.ROWS_READ), longOf(row, columns, AuditRuns.ROWS_AUDITED),
            longOf(row, columns, AuditRuns.ROWS_QUARANTINED), longOf(row, columns, AuditRuns.ROWS_DUPLICATE)),
        longOf(row, columns, AuditRuns.VIOLATIONS), longOf(row, columns, AuditRuns.UNVERIFIABLE),
        Conclusion.valueOf(value(row, columns, AuditRuns.CONCLUSION)), value(row, columns, AuditRuns.FINDINGS_DIGEST));
    List<String> snapshots = columns.contains(AuditRuns.SNAPSHOTS) && !row.isNullAt(row.fieldIndex(AuditRuns.SNAPSHOTS))
        ? row.getList(row.fieldIndex(AuditRuns.SNAPSHOTS)) : List.of();
    return new RunRecord(
        row.getAs(AuditRuns.RUN_ID),
        instant(row.getAs(AuditRuns.STARTED_AT)),
        instant(value(row, columns, AuditRuns.ENDED_AT)),
        status,
        new RunRecord.Plan(RunMode.of(value(row, columns, AuditRuns.MODE)), snapshots, value(row, columns, AuditRuns.BASELINE_RUN_ID)),
        new RunRecord.Provenance(value(row, columns, AuditRuns.OPT_OUT_MODE), value(row, columns, AuditRuns.POLICY_HASH),
            value(row, columns, AuditRuns.POLICY_JSON), value(row, columns, AuditRuns.CODE_VERSION),
            value(row, columns, AuditRuns.CONFIG_FILE), value(row, columns, AuditRuns.FINDING_ID_SCHEME),
            value(row, columns, AuditRuns.DIGEST_SCHEME)),
        new RunRecord.Versions(versions(row, columns, AuditRuns.INPUT_VERSIONS),
            versions(row, columns, AuditRuns.OUTPUT_VERSIONS), versions(row, columns, AuditRuns.RESULT_VERSIONS)),
        outcome,
        new RunRecord.Lease(value(row, columns, AuditRuns.LEASE_OWNER),
            instant(value(row, columns, AuditRuns.LEASE_EXPIRES_AT))),
        value(row, columns, AuditRuns.MESSAGE));
  }

  private static <T> T value(Row row, Set<String> columns, String column) {
    return columns.contains(column) ? row.getAs(column) : null;
  }

  private static long longOf(Row row, Set<String> columns, String column) {
    Number value = value(row, columns, column);
    return value == null ? 0 : value.longValue();
  }

  private static Map<String, Long> versions(Row row, Set<String> columns, String column) {
    if (!columns.contains(column) || row.isNullAt(row.fieldIndex(column))) {
      return Map.of();
    }
    Map<String, Long> versions = new TreeMap<>();
    row.<String, Object>getJavaMap(row.fieldIndex(column))
        .forEach((table, version) -> versions.put(table, ((Number) version).longValue()));
    return versions;
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
