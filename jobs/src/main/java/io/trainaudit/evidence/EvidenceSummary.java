package io.trainaudit.evidence;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigKey;
import io.trainaudit.rules.RuleId;
import io.trainaudit.rules.Severity;
import io.trainaudit.tables.Findings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * summary.json of an evidence package, built from small aggregates of the jurisdiction's findings,
 * the run's record and the configuration. Every count of findings, members or records passes
 * through {@link Suppression}, except the total of violations.
 */
final class EvidenceSummary {
  /** The sections, in order, with the titles the PDF gives them. */
  static final Map<String, String> SECTIONS = sections();

  static final String NO_REGION = "UNKNOWN";
  private static final List<String> OPT_OUT_RULES =
      List.of(RuleId.OPT_OUT_GENERATIVE.name(), RuleId.OBJECTION_NON_GENERATIVE.name());

  private EvidenceSummary() {}

  private static Map<String, String> sections() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("controller", "1. Controller and policy");
    s.put("purpose_and_legal_basis", "2. Purpose and legal basis");
    s.put("data_categories", "3. Data categories used and excluded");
    s.put("recipients", "4. Recipients and affiliates by region");
    s.put("objections", "5. How opt-outs and objections were honoured");
    s.put("age_check", "6. Age check");
    s.put("findings", "7. Findings by rule, region and severity, and coverage");
    s.put("training_content", "8. Public summary of training content (AI Act Art. 53(1)(d))");
    return java.util.Collections.unmodifiableMap(s);
  }

  static Map<String, Object> build(RunFacts run, List<String> jurisdiction, String createdAt,
      AuditConfig.Export settings, Dataset<Row> findings, FindingsCsv.Written csv) {
    Suppression suppress = new Suppression(settings.minCount());
    JsonNode policy = run.policy();
    String internal = policy.path(ConfigKey.POLICY_INTERNAL_RECIPIENT.keyName()).asText();

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
    Map<String, Map<String, Long>> recipientsByRegion = new TreeMap<>();
    for (Row r : findings.groupBy(Findings.RULE_ID, Findings.SEVERITY, Findings.REGION_GROUP, Findings.RECIPIENT)
        .count().collectAsList()) {
      long n = r.getLong(4);
      String region = r.isNullAt(2) ? NO_REGION : r.getString(2);
      byRule.merge(r.getString(0), n, Long::sum);
      bySeverity.merge(r.getString(1), n, Long::sum);
      byRegion.merge(region, n, Long::sum);
      recipientsByRegion.computeIfAbsent(region, k -> new TreeMap<>())
          .merge(r.isNullAt(3) ? "(none)" : r.getString(3), n, Long::sum);
    }
    Map<String, long[]> distinctByRule = new TreeMap<>();
    for (Row r : findings.groupBy(Findings.RULE_ID)
        .agg(countDistinct(col(Findings.MEMBER_ID)), countDistinct(col(Findings.RECORD_ID))).collectAsList()) {
      distinctByRule.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
    }

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", Manifest.FORMAT);
    doc.put("run_id", run.runId());
    doc.put("jurisdiction", jurisdiction);
    doc.put("created_at", createdAt);
    doc.put("small_count_suppression", "counts from 1 to " + (settings.minCount() - 1) + " are shown as "
        + suppress.label() + "; total violations never are");

    Map<String, Object> controller = new LinkedHashMap<>();
    controller.put("controller_name", settings.controllerName());
    controller.put("dpo_contact", settings.dpoContact());
    controller.put("notice_version", settings.noticeVersion());
    controller.put("notice_effective_date",
        settings.noticeEffectiveDate() == null ? "" : settings.noticeEffectiveDate().toString());
    controller.put("policy_hash", run.policyHash());
    controller.put("code_version", run.codeVersion());
    controller.put("opt_out_mode", policy.path(ConfigKey.POLICY_OPT_OUT_MODE.keyName()).asText());
    doc.put("controller", controller);

    Map<String, Object> purpose = new LinkedHashMap<>();
    purpose.put("purpose", settings.purpose());
    purpose.put("legal_basis", settings.legalBasis());
    doc.put("purpose_and_legal_basis", purpose);

    Map<String, Object> categories = new LinkedHashMap<>();
    List<String> excludedTypes = strings(policy.path(ConfigKey.POLICY_EXCLUDED_RECORD_TYPES.keyName()));
    categories.put("used", "member data of every record type except the excluded ones, of visibility other than "
        + strings(policy.path(ConfigKey.POLICY_PRIVATE_VISIBILITIES.keyName())));
    categories.put("excluded_record_types", excludedTypes);
    categories.put("excluded_visibilities", strings(policy.path(ConfigKey.POLICY_PRIVATE_VISIBILITIES.keyName())));
    Map<String, Object> excludedByRule = new LinkedHashMap<>();
    for (RuleId rule : RuleId.values()) {
      if (rule.severity() == Severity.VIOLATION) {
        excludedByRule.put(rule.name(), suppress.show(byRule.get(rule.name())));
      }
    }
    categories.put("rows_in_training_that_each_rule_excludes", excludedByRule);
    categories.put("private_content_rows_by_category", suppressed(privateCategories(findings), suppress));
    doc.put("data_categories", categories);

    Map<String, Object> recipients = new LinkedHashMap<>();
    recipients.put("internal_recipient", internal);
    recipients.put("affiliate_protected_groups",
        strings(policy.path(ConfigKey.POLICY_AFFILIATE_PROTECTED_GROUPS.keyName())));
    Map<String, Object> byRegionRecipient = new TreeMap<>();
    recipientsByRegion.forEach((region, counts) -> {
      Map<String, Object> shown = new TreeMap<>();
      counts.forEach((recipient, n) -> shown.put(recipient.equals(internal) ? recipient : recipient + " (affiliate)",
          suppress.show(n)));
      byRegionRecipient.put(region, shown);
    });
    recipients.put("rows_with_findings_by_region_and_recipient", byRegionRecipient);
    recipients.put("rows_shared_with_affiliates_against_the_policy",
        suppress.show(byRule.get(RuleId.AFFILIATE_SHARE_PROTECTED.name())));
    doc.put("recipients", recipients);

    Map<String, Object> objections = new LinkedHashMap<>();
    objections.put("members_opted_out_of_generative_training_in_force_at_capture",
        suppress.show(distinct(distinctByRule, RuleId.OPT_OUT_GENERATIVE, 0)));
    objections.put("members_objecting_to_non_generative_training_in_force_at_capture",
        suppress.show(distinct(distinctByRule, RuleId.OBJECTION_NON_GENERATIVE, 0)));
    objections.put("records_that_had_to_be_excluded", suppress.show(
        distinct(distinctByRule, RuleId.OPT_OUT_GENERATIVE, 1) + distinct(distinctByRule, RuleId.OBJECTION_NON_GENERATIVE, 1)));
    objections.put("late_exclusions", suppress.show(lateExclusions(findings)));
    objections.put("late_exclusions_meaning",
        "training rows used although the member's opt-out or objection began before the snapshot's capture (to the"
            + " millisecond; one that began at the very instant of capture is a finding, but the controller could not"
            + " have excluded the row before freezing it)");
    doc.put("objections", objections);

    Map<String, Object> age = new LinkedHashMap<>();
    age.put("minimum_age", policy.path(ConfigKey.POLICY_MINIMUM_AGE.keyName()).asInt());
    age.put("age_source", "members.birth_date, table version "
        + run.inputVersions().getOrDefault(io.trainaudit.tables.InputTable.MEMBERS.tableName(), -1L));
    age.put("members_of_unknown_age", suppress.show(distinct(distinctByRule, RuleId.AGE_UNKNOWN, 0)));
    age.put("rows_of_unknown_age", suppress.show(byRule.get(RuleId.AGE_UNKNOWN.name())));
    age.put("rows_under_minimum_age", suppress.show(byRule.get(RuleId.UNDER_AGE.name())));
    age.put("finding_rows_by_age_band", suppressed(csv.rowsByAgeBand(), suppress));
    doc.put("age_check", age);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("total_violations", bySeverity.get(Severity.VIOLATION.value()));
    result.put("total_unverifiable", suppress.show(bySeverity.get(Severity.UNVERIFIABLE.value())));
    result.put("by_rule", suppressed(byRule, suppress));
    result.put("by_region_group", suppressed(byRegion, suppress));
    result.put("by_severity", suppressed(bySeverity, suppress));
    Map<String, Object> coverage = new LinkedHashMap<>();
    coverage.put("scope", "every training row the run read, in all regions");
    coverage.put("rows_read", run.rowsRead());
    coverage.put("rows_audited", run.rowsAudited());
    coverage.put("rows_quarantined", run.rowsQuarantined());
    coverage.put("rows_duplicate", run.rowsDuplicate());
    coverage.put("reconciled", run.rowsRead() == run.rowsAudited() + run.rowsQuarantined() + run.rowsDuplicate());
    result.put("coverage", coverage);
    result.put("input_table_versions", run.inputVersions());
    doc.put("findings", result);

    doc.put("training_content", trainingContent(run, settings, excludedTypes, byRule, suppress));
    return doc;
  }

  private static Map<String, Object> trainingContent(RunFacts run, AuditConfig.Export settings,
      List<String> excludedTypes, Map<String, Long> byRule, Suppression suppress) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("provider", settings.provider());
    content.put("model_and_snapshot_identifiers", settings.modelIdentifiers());
    content.put("modalities", List.of("text"));
    Map<String, Object> sources = new LinkedHashMap<>();
    sources.put("user_data_from_the_providers_services", "member data of the platform: profiles, posts, articles,"
        + " comments and other member content, excluding record types " + excludedTypes);
    List<Map<String, Object>> snapshots = new ArrayList<>();
    String latest = "";
    for (RunFacts.Snapshot s : run.snapshots()) {
      Map<String, Object> snapshot = new LinkedHashMap<>();
      snapshot.put("snapshot_id", s.snapshotId());
      snapshot.put("captured_at", s.capturedAt());
      snapshot.put("purpose", s.purpose());
      snapshot.put("recipient", s.recipient());
      snapshots.add(snapshot);
      if (s.capturedAt() != null && s.capturedAt().compareTo(latest) > 0) {
        latest = s.capturedAt();
      }
    }
    sources.put("training_snapshots_audited", snapshots);
    sources.put("publicly_available_data", "not covered by this evidence");
    sources.put("licensed_or_third_party_data", "not covered by this evidence");
    sources.put("synthetic_data", "not covered by this evidence");
    content.put("data_sources", sources);
    content.put("latest_data_collection_date", latest.length() >= 10 ? latest.substring(0, 10) : "");
    content.put("how_opt_outs_were_respected", "each training row was checked against the member's generative AI"
        + " setting and objections in force at the snapshot's capture; rows that broke an opt-out: "
        + suppress.show(byRule.get(RuleId.OPT_OUT_GENERATIVE.name())) + " (generative), "
        + suppress.show(byRule.get(RuleId.OBJECTION_NON_GENERATIVE.name())) + " (non-generative)");
    return content;
  }

  private static Map<String, Long> privateCategories(Dataset<Row> findings) {
    Map<String, Long> counts = new TreeMap<>();
    var evidence = col(Findings.EVIDENCE);
    for (Row r : findings.where(col(Findings.RULE_ID).equalTo(lit(RuleId.PRIVATE_CONTENT.name())))
        .groupBy(when(get_json_object(evidence, "$.excluded_record_type").equalTo(lit("true")),
                concat(lit("record type "), get_json_object(evidence, "$.record_type")))
            .otherwise(concat(lit("visibility "), get_json_object(evidence, "$.visibility"))))
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
            .and(get_json_object(col(Findings.EVIDENCE), "$.opted_out_since").cast("timestamp")
                .lt(date_trunc("millisecond", col(Findings.CAPTURED_AT)))))
        .count();
  }

  private static long distinct(Map<String, long[]> byRule, RuleId rule, int which) {
    long[] counts = byRule.get(rule.name());
    return counts == null ? 0 : counts[which];
  }

  private static Map<String, Object> suppressed(Map<String, Long> counts, Suppression suppress) {
    Map<String, Object> shown = new LinkedHashMap<>();
    counts.forEach((k, n) -> shown.put(k, suppress.show(n)));
    return shown;
  }

  private static List<String> strings(JsonNode list) {
    List<String> values = new ArrayList<>();
    list.forEach(n -> values.add(n.asText()));
    return values;
  }
}
