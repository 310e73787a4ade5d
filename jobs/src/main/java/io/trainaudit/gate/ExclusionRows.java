package io.trainaudit.gate;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.audit.Evaluation;
import io.trainaudit.rules.Severity;
import io.trainaudit.tables.Exclusions;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.TrainingSnapshots;
import io.trainaudit.tables.ValidatedTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The exclusion rows of one gate run: one per (snapshot_id, record_id) of the candidate that
 * broke a rule, that could not be audited at all (quarantined), or, unless the policy says
 * otherwise, that could not be verified. Each lists every finding of the row, sorted by rule id,
 * with each rule's severity in the same position.
 */
final class ExclusionRows {
  private static final String ENTRY = "_entry";
  private static final String ENTRIES = "_entries";
  private static final String RULE = "rule";
  private static final String SEVERITY = "severity";

  private ExclusionRows() {}

  /** In the exclusion table's columns; computed from the evaluation's findings and its invalid rows. */
  static Dataset<Row> of(Evaluation evaluation, boolean excludeUnverifiable, String gateRunId) {
    Dataset<Row> findings = evaluation.findings().select(
        col(Findings.SNAPSHOT_ID).as(Exclusions.SNAPSHOT_ID),
        col(Findings.RECORD_ID).as(Exclusions.RECORD_ID),
        col(Findings.MEMBER_ID).as(Exclusions.MEMBER_ID),
        struct(col(Findings.RULE_ID).as(RULE), col(Findings.SEVERITY).as(SEVERITY)).as(ENTRY),
        lit(null).cast("string").as(Exclusions.INVALID_REASON));
    Dataset<Row> invalid = evaluation.training().checkedRows()
        .where(ValidatedTable.isInvalid())
        .select(
            col(TrainingSnapshots.SNAPSHOT_ID).as(Exclusions.SNAPSHOT_ID),
            col(TrainingSnapshots.RECORD_ID).as(Exclusions.RECORD_ID),
            col(TrainingSnapshots.MEMBER_ID).as(Exclusions.MEMBER_ID),
            struct(lit(Exclusions.INVALID_ROW).as(RULE), lit(Exclusions.INVALID).as(SEVERITY)).as(ENTRY),
            ValidatedTable.reason().as(Exclusions.INVALID_REASON));
    Column entries = col(ENTRIES);
    Column severities = entries.getField(SEVERITY);
    Column excluded = array_contains(severities, lit(Severity.VIOLATION.value()))
        .or(array_contains(severities, lit(Exclusions.INVALID)));
    if (excludeUnverifiable) {
      excluded = excluded.or(array_contains(severities, lit(Severity.UNVERIFIABLE.value())));
    }
    return findings.unionByName(invalid)
        .groupBy(col(Exclusions.SNAPSHOT_ID), col(Exclusions.RECORD_ID))
        .agg(
            min(col(Exclusions.MEMBER_ID)).as(Exclusions.MEMBER_ID),
            array_sort(collect_set(col(ENTRY))).as(ENTRIES),
            min(col(Exclusions.INVALID_REASON)).as(Exclusions.INVALID_REASON))
        .where(excluded)
        .select(
            col(Exclusions.SNAPSHOT_ID),
            col(Exclusions.RECORD_ID),
            col(Exclusions.MEMBER_ID),
            entries.getField(RULE).as(Exclusions.RULE_IDS),
            severities.as(Exclusions.SEVERITIES),
            lit(gateRunId).as(Exclusions.GATE_RUN_ID),
            col(Exclusions.INVALID_REASON));
  }
}
