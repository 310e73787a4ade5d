package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.trainaudit.spark.Rows;
import io.trainaudit.spark.Seqs;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.TableLocation;
import io.trainaudit.tables.ValidatedTable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
  /** The most record ids a merge's condition names, in a set every target row is looked up in. */
  static final int MAX_LISTED_RECORDS = 50_000;
  /**
   * The session settings of the merge. Delta need not copy a source staged as files before reading
   * it twice. Its write joins the changes to every row of the files they touch, and the changes are
   * the small side: hashed, they spare the sort of those rows that a sort-merge join needs.
   */
  private static final Map<String, String> MERGE_SETTINGS = Map.of(
      "spark.databricks.delta.merge.materializeSource", "none",
      "spark.sql.join.preferSortMergeJoin", "false");
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
        .select(Findings.FINDING_ID, Findings.SNAPSHOT_ID, Findings.RECORD_ID)
        .join(runFindings.select(Findings.FINDING_ID), Seqs.of(Findings.FINDING_ID), "left_anti");
    // Staged, so that the merge reads a source whose files do not change and whose size Spark knows:
    // Delta need not copy it first (a copy's size is unknown to the planner, which then shuffles the
    // whole table to join it), and a night's few changes are broadcast to the files they touch.
    Dataset<Row> changes = Rows.staged(
        runFindings.withColumn(ACTION, lit(UPSERT)).unionByName(retracted.withColumn(ACTION, lit(RETRACT)), true),
        scratchDir);

    Map<String, Column> restate = new LinkedHashMap<>();
    for (String column : RESTATED) {
      restate.put(column, col("s." + column));
    }
    Map<String, Column> insert = new LinkedHashMap<>();
    for (String column : SCHEMA.fieldNames()) {
      insert.put(column, col("s." + column));
    }
    Column upsert = col("s." + ACTION).equalTo(lit(UPSERT));
    Column sameFinding = col("t." + Findings.FINDING_ID).equalTo(col("s." + Findings.FINDING_ID));
    Column matched = reachable(scope, changes).map(sameFinding::and).orElse(sameFinding);
    withSettings(MERGE_SETTINGS, () -> DeltaTables.handle(spark, location)
        .as("t")
        .merge(changes.as("s"), matched)
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

  /**
   * A condition on the findings alone that every finding the changes can match meets, when one is
   * short to state: the merge then joins the changes to the rows of the files it touches that meet
   * it, not to every row of them. A change is a finding of a training row this run rechecked, and
   * a finding's id follows from its rule, snapshot and record: so the findings it can match are of
   * a snapshot audited in full, or of a record the changes name in another snapshot. Empty for a
   * full run, and for a night whose changes name more than {@link #MAX_LISTED_RECORDS} such records.
   */
  private static Optional<Column> reachable(AuditScope scope, Dataset<Row> changes) {
    if (scope.snapshotIds().isEmpty()) {
      return Optional.empty();
    }
    Object[] inFull = scope.snapshotIds().get().toArray();
    Column ofSnapshotsInFull = col("t." + Findings.SNAPSHOT_ID).isin(inFull);
    if (scope.mode() != RunMode.INCREMENTAL) {
      return Optional.of(ofSnapshotsInFull);
    }
    List<Row> records = changes.where(not(col(Findings.SNAPSHOT_ID).isin(inFull)))
        .select(Findings.RECORD_ID).distinct()
        .limit(MAX_LISTED_RECORDS + 1)
        .collectAsList();
    if (records.size() > MAX_LISTED_RECORDS) {
      return Optional.empty();
    }
    return Optional.of(ofSnapshotsInFull.or(
        col("t." + Findings.RECORD_ID).isin(records.stream().map(r -> r.get(0)).toArray())));
  }

  /** Runs {@code action} with session settings changed, then puts them back as they were. */
  private void withSettings(Map<String, String> settings, Runnable action) {
    Map<String, scala.Option<String>> before = new LinkedHashMap<>();
    settings.forEach((key, value) -> {
      before.put(key, spark.conf().getOption(key));
      spark.conf().set(key, value);
    });
    try {
      action.run();
    } finally {
      before.forEach((key, value) -> {
        if (value.isDefined()) {
          spark.conf().set(key, value.get());
        } else {
          spark.conf().unset(key);
        }
      });
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
