package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_micros;

import io.trainaudit.Errors;
import io.trainaudit.audit.StageRows.Out;
import io.trainaudit.rules.CompiledPolicy;
import io.trainaudit.rules.Policy;
import io.trainaudit.rules.Rule;
import io.trainaudit.spark.Rows;
import io.trainaudit.tables.ConsentEvents;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.MemberRegions;
import io.trainaudit.tables.Members;
import io.trainaudit.tables.Quarantine;
import io.trainaudit.tables.RecordVisibility;
import io.trainaudit.tables.Records;
import io.trainaudit.tables.SensitiveContexts;
import io.trainaudit.tables.TrainingSnapshots;
import io.trainaudit.tables.ValidatedTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The heart of a run, shared by the nightly job and {@code reproduce}: count the training rows in
 * scope, run the rules pass once into a staging directory, and check that the pass accounted for
 * exactly the rows counted.
 *
 * @param snapshots the per-snapshot inventory of the rows in scope
 * @param coverage the reconciled coverage
 * @param passDir where the rules pass wrote its output (Parquet, {@link StageRows.Out})
 * @param findingsDir where the run's findings are: the pass's output, or their first copies when copies differ
 * @param training the training rows in scope, validated
 * @param quarantinedByPass whether the pass's output holds every row this run quarantines
 */
public record Evaluation(List<SnapshotCoverage> snapshots, Coverage coverage, String passDir, String findingsDir,
    ValidatedTable training, boolean quarantinedByPass, String runId) {

  /**
   * Evaluates the rows of {@code scope}; the findings are written under {@code stagingDir}, and its
   * parent folder holds the rest of the scratch work, which the caller removes.
   */
  public static Evaluation run(AuditInputs inputs, AuditScope scope, Policy policy, List<Rule> rules, String runId,
      String stagingDir, Progress progress) {
    String runDir = new org.apache.hadoop.fs.Path(stagingDir).getParent().toString();
    ValidatedTable training = scope.select(inputs, runDir + "/scope");
    SparkSession spark = training.checkedRows().sparkSession();
    List<Inventory.Tally> tallies = Inventory.tally(training);
    requireSelectedSnapshots(scope, tallies);
    long rowsRead = tallies.stream().mapToLong(Inventory.Tally::rowsRead).sum();
    progress.phase("inventory", Progress.rows(rowsRead) + " read in " + tallies.size() + " snapshots");

    boolean quarantines = !scope.narrowsHistories();
    String passDir = runDir + "/pass";
    // A night with no row in scope (a quiet one) reads no history: its pass is empty.
    Dataset<Row> output = rowsRead == 0 && !quarantines
        ? spark.createDataFrame(List.of(), Out.SCHEMA)
        : new RulesPass(training, histories(inputs, training, scope.narrowsHistories(), runDir), rules,
            new CompiledPolicy(policy), quarantines).output();
    Dataset<Row> written = Rows.staged(output, passDir);
    Map<String, long[]> counted = counted(written);
    List<SnapshotCoverage> snapshots = reconcile(tallies, counted);
    Coverage coverage = Coverage.sum(snapshots);
    progress.phase("rules evaluated", Progress.rows(coverage.rowsAudited()) + " audited against " + rules.size()
        + " rules");
    String findingsDir = passDir;
    long differing = counted.values().stream().mapToLong(c -> c[2]).sum();
    if (differing > 0) {
      firstCopies(written.where(col(StageRows.TAG).equalTo(lit(Out.FINDING))))
          .write().mode(SaveMode.Overwrite).parquet(stagingDir);
      findingsDir = stagingDir;
      progress.phase("copies compared", differing + " rows with differing copies");
    }
    return new Evaluation(snapshots, coverage, passDir, findingsDir, training, quarantines, runId);
  }

  /**
   * The history tables the pass reads: whole, or for a nightly run narrowed to the keys in scope.
   * The narrowed records are staged under {@code runDir}: the members and contexts are narrowed to
   * theirs, a night's few, which Spark then knows to broadcast instead of shuffling those tables.
   */
  private static RulesPass.Histories histories(AuditInputs inputs, ValidatedTable training, boolean narrow,
      String runDir) {
    if (!narrow) {
      return new RulesPass.Histories(inputs.rows(InputTable.RECORDS), inputs.rows(InputTable.RECORD_VISIBILITY),
          inputs.rows(InputTable.MEMBERS), inputs.rows(InputTable.CONSENT_EVENTS),
          inputs.rows(InputTable.MEMBER_REGIONS),
          inputs.has(InputTable.SENSITIVE_CONTEXTS) ? inputs.rows(InputTable.SENSITIVE_CONTEXTS) : null);
    }
    Dataset<Row> valid = training.valid();
    Dataset<Row> recordIds = valid.select(col(TrainingSnapshots.RECORD_ID).as(Records.RECORD_ID));
    ValidatedTable records =
        inputs.narrowedRows(InputTable.RECORDS, Records.RECORD_ID, recordIds).staged(runDir + "/records");
    Dataset<Row> memberIds = valid.select(col(TrainingSnapshots.MEMBER_ID).as(Members.MEMBER_ID))
        .union(records.valid().select(col(Records.MEMBER_ID).as(Members.MEMBER_ID)));
    return new RulesPass.Histories(records,
        inputs.narrowedRows(InputTable.RECORD_VISIBILITY, RecordVisibility.RECORD_ID, recordIds),
        inputs.narrowedRows(InputTable.MEMBERS, Members.MEMBER_ID, memberIds),
        inputs.narrowedRows(InputTable.CONSENT_EVENTS, ConsentEvents.MEMBER_ID, memberIds),
        inputs.narrowedRows(InputTable.MEMBER_REGIONS, MemberRegions.MEMBER_ID, memberIds),
        inputs.has(InputTable.SENSITIVE_CONTEXTS)
            ? inputs.narrowedRows(InputTable.SENSITIVE_CONTEXTS, SensitiveContexts.CONTEXT_ID,
                records.valid().select(col(Records.CONTEXT_ID).as(SensitiveContexts.CONTEXT_ID)))
            : null);
  }

  /** Per snapshot id, what the member stage audited: rows audited, valid rows, rows whose copies differ. */
  private static Map<String, long[]> counted(Dataset<Row> written) {
    Map<String, long[]> counted = new HashMap<>();
    written.where(col(StageRows.TAG).equalTo(lit(Out.TALLY)))
        .groupBy(col(Findings.SNAPSHOT_ID))
        .agg(sum(col(Out.AUDITED)), sum(col(Out.VALID_ROWS)), sum(col(Out.DIFFERING)))
        .collectAsList()
        .forEach(r -> counted.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2), r.getLong(3)}));
    return counted;
  }

  /**
   * Each snapshot's coverage, after checking that the rules pass accounted for exactly the valid
   * rows the inventory counted, per snapshot and in total.
   */
  private static List<SnapshotCoverage> reconcile(List<Inventory.Tally> tallies, Map<String, long[]> counted) {
    long validRows = tallies.stream().mapToLong(Inventory.Tally::validRows).sum();
    long accounted = counted.values().stream().mapToLong(c -> c[1]).sum();
    if (accounted != validRows) {
      throw Errors.coverage("the training table holds " + validRows + " valid rows but the audit accounted for "
          + accounted);
    }
    Set<String> unknown = new TreeSet<>(counted.keySet());
    tallies.stream().map(Inventory.Tally::snapshotId).filter(java.util.Objects::nonNull).forEach(unknown::remove);
    if (!unknown.isEmpty()) {
      throw Errors.coverage("the audit accounted for rows of snapshots the inventory did not count: " + unknown);
    }
    return tallies.stream().map(t -> {
      long[] c = t.snapshotId() == null ? new long[3] : counted.getOrDefault(t.snapshotId(), new long[3]);
      if (c[1] != t.validRows()) {
        throw Errors.coverage("snapshot " + t.snapshotId() + " holds " + t.validRows() + " valid rows but the audit"
            + " accounted for " + c[1]);
      }
      return new SnapshotCoverage(t.snapshotId(), t.capturedAt(), t.purpose(), t.recipient(), t.rowsRead(), c[0],
          t.rowsQuarantined(), t.validRows() - c[0]);
    }).toList();
  }

  /**
   * One finding per (rule, snapshot, record): of the copies that yield it, the first. The member
   * stage keeps the first copy of each member's; only the findings of rows whose copies differ
   * are compared across members, so only they are shuffled.
   */
  private static Dataset<Row> firstCopies(Dataset<Row> findings) {
    Dataset<Row> single = findings.where(col(Out.DISTINCT_COPIES).equalTo(lit(1)));
    Column[] fields = java.util.Arrays.stream(Out.SCHEMA.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> differing = findings.where(col(Out.DISTINCT_COPIES).gt(lit(1)))
        .groupBy(col(Findings.FINDING_ID))
        .agg(min(struct(col(Out.RANK).as("_rank"), struct(fields).as("_finding"))).getField("_finding").as("_f"))
        .select(col("_f.*"));
    return single.unionByName(differing);
  }

  /** The run's findings, in the findings table's columns. */
  public Dataset<Row> findings() {
    SparkSession spark = training.checkedRows().sparkSession();
    return spark.read().parquet(findingsDir)
        .where(col(StageRows.TAG).equalTo(lit(Out.FINDING)))
        .select(
            col(Findings.FINDING_ID),
            col(Findings.RULE_ID),
            col(Findings.SEVERITY),
            col(Findings.SNAPSHOT_ID),
            timestamp_micros(col(Out.CAPTURED_MICROS)).as(Findings.CAPTURED_AT),
            col(Findings.PURPOSE),
            col(Findings.RECIPIENT),
            col(Findings.RECORD_ID),
            col(Findings.MEMBER_ID),
            col(Findings.REGION_GROUP),
            col(Findings.EVIDENCE),
            lit(runId).as(Findings.AUDIT_RUN_ID),
            lit(runId).as(Findings.FIRST_RUN_ID),
            lit(Findings.STATUS_OPEN).as(Findings.STATUS),
            lit(null).cast("string").as(Findings.RETRACTED_RUN_ID));
  }

  /**
   * The rows this run quarantines, shaped as the quarantine table, when the pass quarantined them:
   * the invalid rows it met, and the valid copies of every key that several rows hold.
   */
  Dataset<Row> quarantined(AuditInputs inputs) {
    SparkSession spark = training.checkedRows().sparkSession();
    Dataset<Row> written = spark.read().parquet(passDir);
    Dataset<Row> rows = written.where(col(StageRows.TAG).equalTo(lit(Out.QUARANTINED)))
        .select(col(StageRows.Q_TABLE).as(Quarantine.TABLE), col(StageRows.Q_REASON).as(Quarantine.REASON),
            col(StageRows.Q_JSON).as(Quarantine.ROW_JSON), lit(runId).as(Quarantine.AUDIT_RUN_ID));
    // A table the rules do not read (model_trainings) is validated, and quarantined, on its own.
    for (InputTable table : inputs.tables()) {
      if (!table.judged()) {
        rows = rows.unionByName(inputs.table(table).quarantined(runId));
      }
    }
    Dataset<Row> duplicates = written.where(col(StageRows.TAG).equalTo(lit(Out.DUPLICATE_KEY)));
    if (duplicates.isEmpty()) {
      return rows;
    }
    // Rare: a second, narrow read of the table for the rows of its duplicated keys, as they were written.
    for (InputTable table : List.of(InputTable.RECORDS, InputTable.MEMBERS)) {
      String key = table == InputTable.RECORDS ? Records.RECORD_ID : Members.MEMBER_ID;
      Dataset<Row> keys = duplicates.where(col(StageRows.Q_TABLE).equalTo(lit(table.tableName())))
          .select(col(Out.KEY_VALUE).as(key), col(Out.AUDITED).as("_copies"));
      rows = rows.unionByName(inputs.rows(table).quarantinedDuplicates(key, keys, "_copies", runId));
    }
    return rows;
  }

  List<String> snapshotIds() {
    return snapshots.stream().map(SnapshotCoverage::snapshotId).filter(java.util.Objects::nonNull).toList();
  }

  private static void requireSelectedSnapshots(AuditScope scope, List<Inventory.Tally> found) {
    if (scope.mode() != RunMode.SNAPSHOTS) {
      return;
    }
    scope.snapshotIds().ifPresent(ids -> {
      Set<String> missing = new TreeSet<>(ids);
      found.forEach(t -> missing.remove(t.snapshotId()));
      if (!missing.isEmpty()) {
        throw Errors.snapshotsNotFound(missing);
      }
    });
  }

}
