package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.trainaudit.spark.Seqs;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.TableLocation;
import io.trainaudit.tables.ValidatedTable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The findings table. A run's findings merge in by finding_id in one commit: a finding seen
 * before keeps its first run and is confirmed by this one; a new one is inserted; an open finding
 * of an audited snapshot that this run no longer finds is retracted. Nothing is ever deleted.
 */
public final class FindingsStore {
  public static final StructType SCHEMA =
      new StructType()
          .add(Findings.FINDING_ID, DataTypes.StringType, false)
          .add(Findings.RULE_ID, DataTypes.StringType, false)
          .add(Findings.SEVERITY, DataTypes.StringType, false)
          .add(Findings.SNAPSHOT_ID, DataTypes.StringType, false)
          .add(Findings.CAPTURED_AT, DataTypes.TimestampType)
          .add(Findings.PURPOSE, DataTypes.StringType)
          .add(Findings.RECIPIENT, DataTypes.StringType)
          .add(Findings.RECORD_ID, DataTypes.StringType, false)
          .add(Findings.MEMBER_ID, DataTypes.StringType)
          .add(Findings.REGION_GROUP, DataTypes.StringType)
          .add(Findings.EVIDENCE, DataTypes.StringType)
          .add(Findings.AUDIT_RUN_ID, DataTypes.StringType)
          .add(Findings.FIRST_RUN_ID, DataTypes.StringType)
          .add(Findings.STATUS, DataTypes.StringType)
          .add(Findings.RETRACTED_RUN_ID, DataTypes.StringType);

  /** The columns a newer run restates; first_run_id is kept from the first detection. */
  private static final String[] RESTATED = {
    Findings.RULE_ID, Findings.SEVERITY, Findings.SNAPSHOT_ID, Findings.CAPTURED_AT, Findings.PURPOSE,
    Findings.RECIPIENT, Findings.RECORD_ID, Findings.MEMBER_ID, Findings.REGION_GROUP, Findings.EVIDENCE,
    Findings.AUDIT_RUN_ID, Findings.STATUS, Findings.RETRACTED_RUN_ID
  };

  /**
   * A nightly merge marks the rows it restates or retracts as deleted in a deletion vector and
   * writes them anew, instead of rewriting every file that holds one of them.
   */
  static final Map<String, String> PROPERTIES = Map.of("delta.enableDeletionVectors", "true");

  private static final String ACTION = "_action";
  /** Whether Delta copies a merge's source before reading it twice: needless for one staged as files. */
  private static final String MATERIALIZE_SOURCE = "spark.databricks.delta.merge.materializeSource";
  private static final String UPSERT = "upsert";
  private static final String RETRACT = "retract";

  private final SparkSession spark;
  private final TableLocation location;

  public FindingsStore(SparkSession spark, TableLocation location) {
    this.spark = spark;
    this.location = location;
  }

  /**
   * Merges a run's findings into the table, in one commit: each is confirmed or inserted, and each
   * open finding the run was in a position to find again (by its scope, and of a rule it
   * evaluated) but did not is retracted. A rule switched off retracts nothing. Into an empty
   * table (a first run) the findings are appended, with nothing to compare them with. The changes
   * are staged under {@code scratchDir} first.
   */
  public void merge(Dataset<Row> runFindings, AuditScope scope, ValidatedTable scopedTraining,
      Collection<String> evaluatedRules, String runId, String scratchDir) {
    ensure(spark, location);
    if (DeltaTables.isEmpty(spark, location)) {
      // A first run: nothing to confirm or retract, so a plain append, one commit as a merge would be.
      OutputTables.append(runFindings, location);
      return;
    }
    Dataset<Row> open = read()
        .where(col(Findings.STATUS).equalTo(lit(Findings.STATUS_OPEN))
            .and(col(Findings.RULE_ID).isin(evaluatedRules.toArray())));
    Dataset<Row> retracted = scope.retractable(open, scopedTraining)
        .select(Findings.FINDING_ID)
        .join(runFindings.select(Findings.FINDING_ID), Seqs.of(Findings.FINDING_ID), "left_anti");
    // Staged, so that the merge reads a source whose files do not change and whose size Spark knows:
    // Delta need not copy it first (a copy's size is unknown to the planner, which then shuffles the
    // whole table to join it), and a night's few changes are broadcast to the files they touch.
    runFindings.withColumn(ACTION, lit(UPSERT))
        .unionByName(retracted.withColumn(ACTION, lit(RETRACT)), true)
        .write().mode(SaveMode.Overwrite).parquet(scratchDir);
    Dataset<Row> changes = spark.read().parquet(scratchDir);

    Map<String, Column> restate = new LinkedHashMap<>();
    for (String column : RESTATED) {
      restate.put(column, col("s." + column));
    }
    Map<String, Column> insert = new LinkedHashMap<>();
    for (String column : SCHEMA.fieldNames()) {
      insert.put(column, col("s." + column));
    }
    Column upsert = col("s." + ACTION).equalTo(lit(UPSERT));
    withSetting(MATERIALIZE_SOURCE, "none", () -> DeltaTables.handle(spark, location)
        .as("t")
        .merge(changes.as("s"), col("t." + Findings.FINDING_ID).equalTo(col("s." + Findings.FINDING_ID)))
        .whenMatched(upsert)
        .update(restate)
        .whenMatched(col("s." + ACTION).equalTo(lit(RETRACT)))
        .update(Map.of(
            Findings.STATUS, lit(Findings.STATUS_RETRACTED),
            Findings.RETRACTED_RUN_ID, lit(runId)))
        .whenNotMatched(upsert)
        .insert(insert)
        .execute());
  }

  /** Runs {@code action} with a session setting changed, then puts the setting back as it was. */
  private void withSetting(String key, String value, Runnable action) {
    scala.Option<String> before = spark.conf().getOption(key);
    spark.conf().set(key, value);
    try {
      action.run();
    } finally {
      if (before.isDefined()) {
        spark.conf().set(key, before.get());
      } else {
        spark.conf().unset(key);
      }
    }
  }

  /** Creates the findings table unless it exists, with its columns and {@link #PROPERTIES}. */
  static void ensure(SparkSession spark, TableLocation location) {
    OutputTables.ensure(spark, location, SCHEMA, PROPERTIES);
  }

  /** True when the table holds findings and no succeeded run has yet used this code's id scheme. */
  boolean needsIdMigration(RunStore runs) {
    return DeltaTables.exists(spark, location) && !DeltaTables.hasNoFiles(spark, location)
        && !runs.anySucceededUnder(FindingIdScheme.ID_SCHEME) && !DeltaTables.isEmpty(spark, location);
  }

  /**
   * Gives every finding the id of this code's scheme, in one commit (when {@link #needsIdMigration}
   * says so): a table written under the first scheme is migrated in place, each finding
   * keeping its lifecycle (first and last run, status). Each id follows from the row's own rule,
   * snapshot and record, so doing it again changes nothing.
   */
  void migrateIds() {
    Column id = FindingIdScheme.findingId(col(Findings.RULE_ID), col(Findings.SNAPSHOT_ID), col(Findings.RECORD_ID));
    DeltaTables.handle(spark, location).update(col(Findings.FINDING_ID).notEqual(id), Map.of(Findings.FINDING_ID, id));
  }

  public Dataset<Row> read() {
    return DeltaTables.read(spark, location);
  }
}
