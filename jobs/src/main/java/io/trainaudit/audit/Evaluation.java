package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.Errors;
import io.trainaudit.config.Policy;
import io.trainaudit.rules.AuditRow;
import io.trainaudit.rules.Rule;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.ValidatedTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * The heart of a run, shared by the nightly job and {@code reproduce}: count the training rows in
 * scope, enrich each once, evaluate every rule over that one plan into a staging directory, and
 * check that the audit accounted for exactly the rows counted.
 *
 * @param snapshots the per-snapshot inventory of the rows in scope
 * @param coverage the reconciled coverage
 * @param stagingDir where the run's findings were written (Parquet)
 */
record Evaluation(List<SnapshotCoverage> snapshots, Coverage coverage, String stagingDir, ValidatedTable training) {

  static Evaluation run(AuditInputs inputs, AuditScope scope, Policy policy, List<Rule> rules, String runId,
      String stagingDir, Progress progress) {
    String scratch = new org.apache.hadoop.fs.Path(stagingDir).getParent() + "/scope";
    ValidatedTable training = scope.select(inputs, scratch);
    List<SnapshotCoverage> snapshots = Inventory.of(training);
    requireSelectedSnapshots(scope, snapshots);
    Coverage expected = Coverage.sum(snapshots);
    progress.phase("inventory", Progress.rows(expected.rowsRead()) + " read in " + snapshots.size() + " snapshots");

    if (expected.rowsRead() == 0) {
      // Nothing in scope (a quiet night): no enrichment to build.
      FindingsPlan.empty(inputs.table(InputTable.TRAINING_SNAPSHOTS).valid().sparkSession())
          .write().mode(SaveMode.Overwrite).parquet(stagingDir);
      progress.phase("rules evaluated", "nothing to audit");
      return new Evaluation(snapshots, expected, stagingDir, training);
    }
    Observation observed = new Observation("coverage");
    Dataset<Row> enriched =
        Enrichment.enrich(inputs, training.valid(), policy, scope.narrowsHistories())
            .observe(observed, count(lit(1)).as("audited"), sum(col(AuditRow.COPIES)).as("valid_rows"));
    FindingsPlan.findings(enriched, rules, policy, runId).write().mode(SaveMode.Overwrite).parquet(stagingDir);
    Map<String, Object> counts = observedCounts(observed);
    long audited = (Long) counts.get("audited");
    long validRows = counts.get("valid_rows") == null ? 0 : (Long) counts.get("valid_rows");
    Coverage coverage = new Coverage(expected.rowsRead(), audited, expected.rowsQuarantined(), validRows - audited);
    if (!coverage.equals(expected)) {
      throw Errors.coverage("the training table holds " + expected + " but the audit accounted for " + coverage);
    }
    progress.phase("rules evaluated", Progress.rows(audited) + " audited against " + rules.size() + " rules");
    return new Evaluation(snapshots, coverage, stagingDir, training);
  }

  List<String> snapshotIds() {
    return snapshots.stream().map(SnapshotCoverage::snapshotId).filter(java.util.Objects::nonNull).toList();
  }

  private static void requireSelectedSnapshots(AuditScope scope, List<SnapshotCoverage> found) {
    if (!scope.mode().equals(AuditScope.SNAPSHOTS)) {
      return;
    }
    scope.snapshotIds().ifPresent(ids -> {
      Set<String> missing = new TreeSet<>(ids);
      found.forEach(s -> missing.remove(s.snapshotId()));
      if (!missing.isEmpty()) {
        throw new AuditException(ErrorCode.USAGE,
            "Cannot audit the selected snapshots: " + missing + " not found in training_snapshots");
      }
    });
  }

  private static Map<String, Object> observedCounts(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException(ErrorCode.INTERNAL, "Cannot conclude the audit: interrupted while counting rows", e);
    }
  }
}
