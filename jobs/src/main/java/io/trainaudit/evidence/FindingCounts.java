package io.trainaudit.evidence;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.trainaudit.rules.RuleId;
import io.trainaudit.rules.Severity;
import io.trainaudit.tables.Findings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Every count a summary publishes, from a few small aggregates of one jurisdiction's findings.
 *
 * @param byRule findings per rule id, every rule present
 * @param bySeverity findings per severity value, every severity present
 * @param byRegion findings per region group of the jurisdiction, every group present
 * @param byRegionRecipient findings per region group and recipient ({@link #NO_RECIPIENT} when null)
 * @param privateCategories PRIVATE_CONTENT findings by the excluded record type or visibility that made them
 * @param ageBands findings per age band, every band of {@link AgeBand#ALL} present
 * @param lateExclusions opt-out and objection findings whose opt-out began strictly before the capture
 */
record FindingCounts(Map<String, Long> byRule, Map<String, Long> bySeverity, Map<String, Long> byRegion,
    Map<String, Map<String, Long>> byRegionRecipient, Map<String, Long> privateCategories, Map<String, Long> ageBands,
    long membersOptedOut, long membersObjecting, long recordsExcluded, long membersOfUnknownAge, long lateExclusions) {

  static final String NO_RECIPIENT = "(none)";
  static final List<String> OPT_OUT_RULES =
      List.of(RuleId.OPT_OUT_GENERATIVE.name(), RuleId.OBJECTION_NON_GENERATIVE.name());
  /** Fields of the evidence JSON the counts read. */
  private static final String OPTED_OUT_SINCE = "$.opted_out_since";
  private static final String EXCLUDED_RECORD_TYPE = "$.excluded_record_type";
  private static final String RECORD_TYPE = "$.record_type";
  private static final String VISIBILITY = "$.visibility";
  private static final String AGE_AT_ASSESSMENT = "$.age_at_assessment";
  private static final String BIRTH_DATE = "$.birth_date";

  FindingCounts {
    byRule = copy(byRule);
    bySeverity = copy(bySeverity);
    byRegion = copy(byRegion);
    Map<String, Map<String, Long>> nested = new TreeMap<>();
    byRegionRecipient.forEach((region, counts) -> nested.put(region, copy(counts)));
    byRegionRecipient = Collections.unmodifiableMap(nested);
    privateCategories = copy(privateCategories);
    ageBands = copy(ageBands);
  }

  /** All findings of the jurisdiction. */
  long total() {
    return bySeverity.values().stream().mapToLong(Long::longValue).sum();
  }

  static FindingCounts of(Dataset<Row> findings, List<String> jurisdiction) {
    Map<String, Long> byRule = new LinkedHashMap<>();
    for (RuleId rule : RuleId.values()) {
      byRule.put(rule.name(), 0L);
    }
    Map<String, Long> bySeverity = new LinkedHashMap<>();
    for (Severity s : Severity.values()) {
      bySeverity.put(s.value(), 0L);
    }
    Map<String, Long> byRegion = new TreeMap<>();
    jurisdiction.forEach(g -> byRegion.put(g, 0L));
    Map<String, Map<String, Long>> byRegionRecipient = new TreeMap<>();
    for (Row r : findings.groupBy(Findings.RULE_ID, Findings.SEVERITY, Findings.REGION_GROUP, Findings.RECIPIENT)
        .count().collectAsList()) {
      long n = r.getLong(4);
      byRule.merge(r.getString(0), n, Long::sum);
      bySeverity.merge(r.getString(1), n, Long::sum);
      byRegion.merge(r.getString(2), n, Long::sum);
      byRegionRecipient.computeIfAbsent(r.getString(2), k -> new TreeMap<>())
          .merge(r.isNullAt(3) ? NO_RECIPIENT : r.getString(3), n, Long::sum);
    }
    Map<String, long[]> distinct = new TreeMap<>();
    for (Row r : findings.groupBy(Findings.RULE_ID)
        .agg(countDistinct(col(Findings.MEMBER_ID)), countDistinct(col(Findings.RECORD_ID))).collectAsList()) {
      distinct.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
    }
    Map<String, Long> ageBands = new LinkedHashMap<>();
    AgeBand.ALL.forEach(b -> ageBands.put(b, 0L));
    for (Row r : findings.groupBy(age()).count().collectAsList()) {
      ageBands.merge(AgeBand.of(r.isNullAt(0) ? null : r.getInt(0)), r.getLong(1), Long::sum);
    }
    return new FindingCounts(byRule, bySeverity, byRegion, byRegionRecipient, privateCategories(findings), ageBands,
        distinct(distinct, RuleId.OPT_OUT_GENERATIVE, 0), distinct(distinct, RuleId.OBJECTION_NON_GENERATIVE, 0),
        distinct(distinct, RuleId.OPT_OUT_GENERATIVE, 1) + distinct(distinct, RuleId.OBJECTION_NON_GENERATIVE, 1),
        distinct(distinct, RuleId.AGE_UNKNOWN, 0), lateExclusions(findings));
  }

  /** Age from the evidence: the age the rule assessed, else the age at capture from a birth date there. */
  static Column age() {
    Column assessed = get_json_object(col(Findings.EVIDENCE), AGE_AT_ASSESSMENT).cast("int");
    Column birthDate = to_date(get_json_object(col(Findings.EVIDENCE), BIRTH_DATE));
    return coalesce(assessed, floor(months_between(col(Findings.CAPTURED_AT), birthDate).divide(12)).cast("int"));
  }

  private static Map<String, Long> privateCategories(Dataset<Row> findings) {
    Map<String, Long> counts = new TreeMap<>();
    Column evidence = col(Findings.EVIDENCE);
    for (Row r : findings.where(col(Findings.RULE_ID).equalTo(lit(RuleId.PRIVATE_CONTENT.name())))
        .groupBy(when(get_json_object(evidence, EXCLUDED_RECORD_TYPE).equalTo(lit("true")),
                concat(lit("record type "), get_json_object(evidence, RECORD_TYPE)))
            .otherwise(concat(lit("visibility "), get_json_object(evidence, VISIBILITY))))
        .count().collectAsList()) {
      counts.put(r.isNullAt(0) ? "unknown" : r.getString(0), r.getLong(1));
    }
    return counts;
  }

  /**
   * Training rows used although the member's opt-out or objection began before the capture. The
   * evidence keeps instants to the millisecond, so the capture is compared at that precision: an
   * opt-out at the very instant of capture is in force (a finding) but did not precede it.
   */
  private static long lateExclusions(Dataset<Row> findings) {
    return findings.where(col(Findings.RULE_ID).isin(OPT_OUT_RULES.toArray())
            .and(get_json_object(col(Findings.EVIDENCE), OPTED_OUT_SINCE).cast("timestamp")
                .lt(date_trunc("millisecond", col(Findings.CAPTURED_AT)))))
        .count();
  }

  private static long distinct(Map<String, long[]> byRule, RuleId rule, int which) {
    long[] counts = byRule.get(rule.name());
    return counts == null ? 0 : counts[which];
  }

  private static Map<String, Long> copy(Map<String, Long> counts) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
  }
}
