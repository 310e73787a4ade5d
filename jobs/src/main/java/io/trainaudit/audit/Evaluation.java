package io.trainaudit.audit;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.Errors;
import io.trainaudit.config.Policy;
import io.trainaudit.rules.Rule;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.ValidatedTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The heart of a run, shared by the nightly job and {@code reproduce}: count the training rows in
 * scope, enrich each once, evaluate every rule over that one plan into a staging directory, and
 * check that the audit accounted for exactly the rows counted.
 *
 * @param snapshots the per-snapshot inventory of the rows in scope
 * @param coverage the reconciled coverage
 * @param findingsDir where the run's findings were written (Parquet, maybe with columns beyond the table's)
 * @param training the training rows in scope, valid and invalid
 */
public record Evaluation(List<SnapshotCoverage> snapshots, Coverage coverage, String findingsDir, ValidatedTable training) {

  /**
   * Evaluates the rows of {@code scope}; the findings are written under {@code stagingDir}, and its
   * parent folder holds the rest of the scratch work, which the caller removes.
   */
  public static Evaluation run(AuditInputs inputs, AuditScope scope, Policy policy, List<Rule> rules, String runId,
      String stagingDir, Progress progress) {
    return run(inputs, scope, policy, rules, runId, stagingDir, progress, RulesPassCounts.PER_SNAPSHOT_LIMIT);
  }

  /** As above; beyond {@code perSnapshotLimit} snapshots the inventory counts distinct rows by a shuffle. */
  static Evaluation run(AuditInputs inputs, AuditScope scope, Policy policy, List<Rule> rules, String runId,
      String stagingDir, Progress progress, int perSnapshotLimit) {
    String runDir = new org.apache.hadoop.fs.Path(stagingDir).getParent().toString();
    String scratch = runDir + "/scope";
    ValidatedTable training = scope.select(inputs, scratch);
    List<Inventory.Tally> tallies = Inventory.tally(training);
    requireSelectedSnapshots(scope, tallies);
    long rowsRead = tallies.stream().mapToLong(Inventory.Tally::rowsRead).sum();
    progress.phase("inventory", Progress.rows(rowsRead) + " read in " + tallies.size() + " snapshots");

    if (rowsRead == 0) {
      // Nothing in scope (a quiet night): no enrichment to build.
      FindingsPlan.empty(inputs.table(InputTable.TRAINING_SNAPSHOTS).valid().sparkSession())
          .write().mode(SaveMode.Overwrite).parquet(stagingDir);
      progress.phase("rules evaluated", "nothing to audit");
      return new Evaluation(List.of(), new Coverage(0, 0, 0, 0), stagingDir, training);
    }
    RulesPassCounts counts =
        RulesPassCounts.of(tallies.stream().map(Inventory.Tally::snapshotId).toList(), perSnapshotLimit);
    Dataset<Row> enriched = counts.observe(Enrichment.enrich(inputs, training.valid(), policy, scope.narrowsHistories()));
    String judged = runDir + "/judged";
    FindingsPlan.findings(enriched, rules, policy, runId).write().mode(SaveMode.Overwrite).parquet(judged);
    List<SnapshotCoverage> snapshots = reconcile(tallies, counts, training);
    String findingsDir = judged;
    if (counts.pairsWithDifferingCopies() > 0) {
      SparkSession spark = enriched.sparkSession();
      FindingsPlan.firstCopies(spark.read().parquet(judged)).write().mode(SaveMode.Overwrite).parquet(stagingDir);
      findingsDir = stagingDir;
      progress.phase("copies compared", counts.pairsWithDifferingCopies() + " rows with differing copies");
    }
    Coverage coverage = Coverage.sum(snapshots);
    progress.phase("rules evaluated", Progress.rows(coverage.rowsAudited()) + " audited against " + rules.size() + " rules");
    return new Evaluation(snapshots, coverage, findingsDir, training);
  }

  /** The run's findings, in the findings table's columns. */
  public Dataset<Row> findings() {
    return FindingsPlan.schemaOnly(training.valid().sparkSession().read().parquet(findingsDir));
  }

  /**
   * Each snapshot's coverage, after checking that the rules pass accounted for exactly the valid
   * rows the inventory counted (per snapshot where they were observed so, and in total).
   */
  private static List<SnapshotCoverage> reconcile(List<Inventory.Tally> tallies, RulesPassCounts counts,
      ValidatedTable training) {
    long validRows = tallies.stream().mapToLong(Inventory.Tally::validRows).sum();
    if (counts.validRows() != validRows) {
      throw Errors.coverage("the training table holds " + validRows + " valid rows but the audit accounted for "
          + counts.validRows());
    }
    Map<String, Long> audited = counts.perSnapshot() ? counts.auditedBySnapshot() : Inventory.distinctRows(training);
    long distinctRows = audited.values().stream().mapToLong(Long::longValue).sum();
    if (distinctRows != counts.audited()) {
      throw Errors.coverage("the training table holds " + distinctRows + " distinct rows but the audit accounted for "
          + counts.audited());
    }
    Map<String, Long> observedValid = counts.perSnapshot() ? counts.validRowsBySnapshot() : Map.of();
    return tallies.stream().map(t -> {
      if (observedValid.containsKey(t.snapshotId()) && observedValid.get(t.snapshotId()) != t.validRows()) {
        throw Errors.coverage("snapshot " + t.snapshotId() + " holds " + t.validRows() + " valid rows but the audit"
            + " accounted for " + observedValid.get(t.snapshotId()));
      }
      long distinct = audited.getOrDefault(t.snapshotId(), 0L);
      return new SnapshotCoverage(t.snapshotId(), t.capturedAt(), t.purpose(), t.recipient(), t.rowsRead(), distinct,
          t.rowsQuarantined(), t.validRows() - distinct);
    }).toList();
  }

  List<String> snapshotIds() {
    return snapshots.stream().map(SnapshotCoverage::snapshotId).filter(java.util.Objects::nonNull).toList();
  }

  private static void requireSelectedSnapshots(AuditScope scope, List<Inventory.Tally> found) {
    if (!scope.mode().equals(AuditScope.SNAPSHOTS)) {
      return;
    }
    scope.snapshotIds().ifPresent(ids -> {
      Set<String> missing = new TreeSet<>(ids);
      found.forEach(t -> missing.remove(t.snapshotId()));
      if (!missing.isEmpty()) {
        throw new AuditException(ErrorCode.USAGE,
            "Cannot audit the selected snapshots: " + missing + " not found in training_snapshots");
      }
    });
  }
}
