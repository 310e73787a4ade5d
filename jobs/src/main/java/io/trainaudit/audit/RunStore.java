package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.trainaudit.config.TableLocation;
import io.trainaudit.tables.AuditRuns;
import io.trainaudit.tables.DeltaTables;
import java.sql.Timestamp;
import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The audit_runs table: a row appended when a run starts, completed in place when it ends. */
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
          .add(AuditRuns.MESSAGE, DataTypes.StringType);

  /** The run id that names the most recent succeeded run. */
  public static final String LATEST = "latest";

  private final SparkSession spark;
  private final TableLocation location;

  public RunStore(SparkSession spark, TableLocation location) {
    this.spark = spark;
    this.location = location;
  }

  public void started(RunRecord run) {
    OutputTables.ensure(spark, location, SCHEMA);
    OutputTables.append(spark.createDataFrame(List.of(toRow(run)), SCHEMA), location);
  }

  /** Replaces the run's row with its final state, in one commit. */
  public void ended(RunRecord run) {
    DeltaTables.handle(spark, location)
        .as("t")
        .merge(spark.createDataFrame(List.of(toRow(run)), SCHEMA).as("s"), col("t." + AuditRuns.RUN_ID).equalTo(col("s." + AuditRuns.RUN_ID)))
        .whenMatched()
        .updateAll()
        .execute();
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
  public java.util.Optional<Row> lastSucceeded() {
    if (!DeltaTables.exists(spark, location)) {
      return java.util.Optional.empty();
    }
    List<Row> last = DeltaTables.read(spark, location)
        .where(col(AuditRuns.STATUS).equalTo(lit(RunRecord.SUCCEEDED)))
        .orderBy(col(AuditRuns.STARTED_AT).desc())
        .limit(1)
        .collectAsList();
    return last.stream().findFirst();
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

  /** Runs recorded as still running: with the run lock held, these were killed. A bounded handful. */
  public List<Row> running() {
    if (!DeltaTables.exists(spark, location)) {
      return List.of();
    }
    return DeltaTables.read(spark, location)
        .where(col(AuditRuns.STATUS).equalTo(lit(RunRecord.RUNNING)))
        .limit(100)
        .collectAsList();
  }

  /** Marks a killed run abandoned, saying what was rolled back. */
  public void abandoned(String runId, String message) {
    DeltaTables.handle(spark, location).update(
        col(AuditRuns.RUN_ID).equalTo(lit(runId)),
        java.util.Map.of(
            AuditRuns.STATUS, lit(RunRecord.ABANDONED),
            AuditRuns.ENDED_AT, org.apache.spark.sql.functions.current_timestamp(),
            AuditRuns.MESSAGE, lit(message)));
  }

  private static Row toRow(RunRecord run) {
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
        run.message());
  }
}
