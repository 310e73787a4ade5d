package io.trainaudit.audit;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
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
  /** The finding-id scheme of this code, recorded with every run. */
  public static final String ID_SCHEME = "netstring";
  private static final String FINDING = "_finding";
  private static final Map<String, String> JSON_OPTIONS =
      Map.of(
          "timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
          "dateFormat", "yyyy-MM-dd",
          "ignoreNullFields", "false");

  private FindingsPlan() {}

  /**
   * The findings of every copy judged, with each copy's rank and its pair's number of distinct
   * copies: where copies differ, {@link #firstCopies} keeps one finding per rule and row.
   */
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
            col(AuditRow.COPY_RANK),
            col(AuditRow.DISTINCT_COPIES),
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
            lit(null).cast("string").as(Findings.RETRACTED_RUN_ID),
            col(AuditRow.COPY_RANK),
            col(AuditRow.DISTINCT_COPIES));
  }

  /**
   * One finding per (rule, snapshot, record): a finding stands if any copy yields it, with the
   * facts of the first such copy in the order captured_at, purpose, recipient, member_id. Only
   * the findings of rows whose copies differ are shuffled.
   */
  public static Dataset<Row> firstCopies(Dataset<Row> findings) {
    Dataset<Row> single = findings.where(col(AuditRow.DISTINCT_COPIES).equalTo(lit(1L)));
    Column first = min(struct(col(AuditRow.COPY_RANK), struct(columns()).as(FINDING)));
    Dataset<Row> differing = findings.where(col(AuditRow.DISTINCT_COPIES).gt(lit(1L)))
        .groupBy(col(Findings.FINDING_ID))
        .agg(first.getField(FINDING).as(FINDING))
        .select(col(FINDING + ".*"));
    return schemaOnly(single).unionByName(differing);
  }

  /** The findings in the findings table's columns. */
  public static Dataset<Row> schemaOnly(Dataset<Row> findings) {
    return findings.select(columns());
  }

  private static Column[] columns() {
    return java.util.Arrays.stream(FindingsStore.SCHEMA.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
  }

  /** No findings, in the findings' shape. */
  public static Dataset<Row> empty(org.apache.spark.sql.SparkSession spark) {
    return spark.createDataFrame(java.util.List.of(), FindingsStore.SCHEMA);
  }

  /**
   * Lowercase hex SHA-256 of {@code ns(rule_id) ns(snapshot_id) ns(record_id)}, where {@code ns(s)}
   * is the netstring {@code <byte length of s>:<s>,}: stable across runs, and no two distinct
   * triples share an id whatever characters the ids hold.
   */
  public static Column findingId(Column ruleId, Column snapshotId, Column recordId) {
    return sha2(concat(netstring(ruleId), netstring(snapshotId), netstring(recordId)), 256);
  }

  /**
   * The id under the first scheme, {@code rule_id|snapshot_id|record_id}, which let a {@code |}
   * inside an id make two findings one: kept only to compare with runs recorded under it.
   */
  static Column legacyFindingId(Column ruleId, Column snapshotId, Column recordId) {
    return sha2(concat_ws("|", ruleId, snapshotId, recordId), 256);
  }

  /** The id of a finding under a recorded scheme: {@link #ID_SCHEME}, or null for the first one. */
  static Column findingId(String scheme, Column ruleId, Column snapshotId, Column recordId) {
    return ID_SCHEME.equals(scheme) ? findingId(ruleId, snapshotId, recordId)
        : legacyFindingId(ruleId, snapshotId, recordId);
  }

  private static Column netstring(Column value) {
    return concat(octet_length(value).cast("string"), lit(":"), value, lit(","));
  }
}
