package io.trainaudit.audit;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.trainaudit.config.Policy;
import io.trainaudit.rules.AuditRow;
import io.trainaudit.rules.Rule;
import io.trainaudit.tables.Findings;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Every enabled rule evaluated over the one enriched plan, as findings rows: no scan per rule. */
public final class FindingsPlan {
  private static final String FINDING = "_finding";
  private static final Map<String, String> JSON_OPTIONS =
      Map.of(
          "timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
          "dateFormat", "yyyy-MM-dd",
          "ignoreNullFields", "false");

  private FindingsPlan() {}

  public static Dataset<Row> findings(Dataset<Row> enriched, List<Rule> rules, Policy policy, String runId) {
    Column[] candidates =
        rules.stream()
            .map(rule -> when(rule.finding(policy), struct(
                lit(rule.id().name()).as(Findings.RULE_ID),
                lit(rule.severity().value()).as(Findings.SEVERITY),
                to_json(rule.evidence(policy), JSON_OPTIONS).as(Findings.EVIDENCE))))
            .toArray(Column[]::new);
    Column finding = col(FINDING);
    return enriched
        .select(
            col(AuditRow.SNAPSHOT_ID),
            col(AuditRow.CAPTURED_AT),
            col(AuditRow.PURPOSE),
            col(AuditRow.RECIPIENT),
            col(AuditRow.RECORD_ID),
            col(AuditRow.MEMBER_ID),
            col(AuditRow.REGION_GROUP),
            explode(filter(array(candidates), Column::isNotNull)).as(FINDING))
        .select(
            findingId(finding.getField(Findings.RULE_ID), col(AuditRow.SNAPSHOT_ID), col(AuditRow.RECORD_ID))
                .as(Findings.FINDING_ID),
            finding.getField(Findings.RULE_ID).as(Findings.RULE_ID),
            finding.getField(Findings.SEVERITY).as(Findings.SEVERITY),
            col(AuditRow.SNAPSHOT_ID).as(Findings.SNAPSHOT_ID),
            col(AuditRow.CAPTURED_AT).as(Findings.CAPTURED_AT),
            col(AuditRow.PURPOSE).as(Findings.PURPOSE),
            col(AuditRow.RECIPIENT).as(Findings.RECIPIENT),
            col(AuditRow.RECORD_ID).as(Findings.RECORD_ID),
            col(AuditRow.MEMBER_ID).as(Findings.MEMBER_ID),
            col(AuditRow.REGION_GROUP).as(Findings.REGION_GROUP),
            finding.getField(Findings.EVIDENCE).as(Findings.EVIDENCE),
            lit(runId).as(Findings.AUDIT_RUN_ID),
            lit(runId).as(Findings.FIRST_RUN_ID),
            lit(Findings.STATUS_OPEN).as(Findings.STATUS),
            lit(null).cast("string").as(Findings.RETRACTED_RUN_ID));
  }

  /** No findings, in the findings' shape. */
  public static Dataset<Row> empty(org.apache.spark.sql.SparkSession spark) {
    return spark.createDataFrame(java.util.List.of(), FindingsStore.SCHEMA);
  }

  /** Lowercase hex SHA-256 of {@code rule_id|snapshot_id|record_id}: stable across runs. */
  public static Column findingId(Column ruleId, Column snapshotId, Column recordId) {
    return sha2(concat_ws("|", ruleId, snapshotId, recordId), 256);
  }
}
