package io.trainaudit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigKey;
import io.trainaudit.config.PolicyJson;
import io.trainaudit.lineage.ImpactRow;
import io.trainaudit.lineage.Lineage;
import io.trainaudit.lineage.ModelVersion;
import io.trainaudit.rules.RuleId;
import io.trainaudit.rules.RuleRegistry;
import io.trainaudit.rules.Severity;
import io.trainaudit.tables.InputTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * summary.json of an evidence package, from the jurisdiction's {@link FindingCounts}, the run's
 * record and the configuration. Every count is first put in a {@link CountTable} with the totals
 * and margins that relate it to others, so that a public package hides, with {@link Suppression},
 * exactly the counts no subtraction along them can give back; a confidential one shows them all.
 */
final class EvidenceSummary {
  /** The sections, in order, with the titles the PDF gives them. */
  static final Map<String, String> SECTIONS = sections();

  private static final String VIOLATIONS = severity(Severity.VIOLATION);
  private static final String UNVERIFIABLE = severity(Severity.UNVERIFIABLE);
  private static final String MEMBERS_OPTED_OUT = "members opted out";
  private static final String MEMBERS_OBJECTING = "members objecting";
  private static final String RECORDS_EXCLUDED = "records excluded";
  private static final String LATE_EXCLUSIONS = "late exclusions";
  private static final String MEMBERS_OF_UNKNOWN_AGE = "members of unknown age";
  private static final String ROWS_AUDITED = "training rows";
  private static final String AI_PROMPT = "ai_prompt";

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
    s.put("model_impact", "8. Models trained on records that broke a promise");
    s.put("training_content", "9. Public summary of training content (AI Act Art. 53(1)(d), Commission template)");
    return java.util.Collections.unmodifiableMap(s);
  }

  /**
   * Every published count and how they relate: rules add up to their severity's total; regions,
   * and age bands, add up to all findings; each region's recipients to the region; the
   * private-content categories to that rule; distinct members and records, and late exclusions,
   * are at most the rows they are counted from.
   */
  static CountTable countTable(FindingCounts counts) {
    CountTable table = new CountTable();
    counts.byRule().forEach((rule, n) -> table.count(rule(rule), n));
    counts.bySeverity().forEach((s, n) -> table.count("severity " + s, n));
    for (Severity s : Severity.values()) {
      table.total(severity(s), java.util.Arrays.stream(RuleId.values()).filter(r -> r.severity() == s)
          .map(r -> rule(r.name())).toList());
    }
    List<String> allFindings = List.of(VIOLATIONS, UNVERIFIABLE);
    counts.byRegion().forEach((region, n) -> table.count(region(region), n));
    table.sameSum(counts.byRegion().keySet().stream().map(EvidenceSummary::region).toList(), allFindings);
    counts.byRegionRecipient().forEach((region, byRecipient) -> {
      byRecipient.forEach((recipient, n) -> table.count(recipient(region, recipient), n));
      table.total(region(region), byRecipient.keySet().stream().map(r -> recipient(region, r)).toList());
    });
    counts.ageBands().forEach((band, n) -> table.count(ageBand(band), n));
    table.sameSum(counts.ageBands().keySet().stream().map(EvidenceSummary::ageBand).toList(), allFindings);
    counts.privateCategories().forEach((category, n) -> table.count(privateCategory(category), n));
    if (!counts.privateCategories().isEmpty()) {
      table.total(rule(RuleId.PRIVATE_CONTENT.name()),
          counts.privateCategories().keySet().stream().map(EvidenceSummary::privateCategory).toList());
    }
    List<String> optOutRows = FindingCounts.OPT_OUT_RULES.stream().map(EvidenceSummary::rule).toList();
    table.count(MEMBERS_OPTED_OUT, counts.membersOptedOut())
        .atMost(MEMBERS_OPTED_OUT, List.of(rule(RuleId.OPT_OUT_GENERATIVE.name())));
    table.count(MEMBERS_OBJECTING, counts.membersObjecting())
        .atMost(MEMBERS_OBJECTING, List.of(rule(RuleId.OBJECTION_NON_GENERATIVE.name())));
    table.count(RECORDS_EXCLUDED, counts.recordsExcluded()).atMost(RECORDS_EXCLUDED, optOutRows);
    table.count(LATE_EXCLUSIONS, counts.lateExclusions()).atMost(LATE_EXCLUSIONS, optOutRows);
    table.count(MEMBERS_OF_UNKNOWN_AGE, counts.membersOfUnknownAge())
        .atMost(MEMBERS_OF_UNKNOWN_AGE, List.of(rule(RuleId.AGE_UNKNOWN.name())));
    return table;
  }

  /** A run's summary without model lineage or record types (as summaries were before them). */
  static Map<String, Object> build(RunFacts run, List<String> jurisdiction, EvidenceTier tier, String createdAt,
      AuditConfig.Export settings, FindingCounts counts) {
    return build(run, jurisdiction, tier, createdAt, settings, counts, Lineage.notConfigured(), Map.of());
  }

  /**
   * @param lineage the model versions the run's model_trainings lists and the model impact of this
   *     package's findings, or that none is configured
   * @param rowsByRecordType the run's audited training rows by record type (section 1.3)
   */
  static Map<String, Object> build(RunFacts run, List<String> jurisdiction, EvidenceTier tier, String createdAt,
      AuditConfig.Export settings, FindingCounts counts, Lineage lineage, Map<String, Long> rowsByRecordType) {
    CountTable table = countTable(counts);
    addModelImpact(table, lineage);
    addRecordTypes(table, rowsByRecordType);
    Map<RuleId, String> notChecked = notChecked(run);
    Suppression suppression = new Suppression(settings.minCount());
    Set<String> hidden =
        tier == EvidenceTier.PUBLIC ? suppression.hide(table, List.of(VIOLATIONS, ROWS_AUDITED)) : Set.of();
    Shown shown = new Shown(table, hidden);
    JsonNode policy = run.policy();
    String internal = policy.path(ConfigKey.POLICY_INTERNAL_RECIPIENT.keyName()).asText();

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", Manifest.FORMAT);
    doc.put("tier", tier.value());
    doc.put("run_id", run.runId());
    doc.put("jurisdiction", jurisdiction);
    doc.put("created_at", createdAt);
    doc.put("small_count_suppression", tier == EvidenceTier.PUBLIC
        ? "counts from 1 to " + (settings.minCount() - 1) + ", and the further counts without which a published"
            + " total, margin or bound would give one back or prove it below " + settings.minCount() + ", read \""
            + Suppression.LABEL + "\"; zero is shown; total_violations is hidden only when no other count can"
            + " protect a small one"
        : "none: a confidential package is for the supervisory authority and holds the row-level findings");

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
        excludedByRule.put(rule.name(), shown.of(rule(rule.name())));
      }
    }
    categories.put("rows_in_training_that_each_rule_excludes", excludedByRule);
    Map<String, Object> privateCategories = new LinkedHashMap<>();
    counts.privateCategories().keySet().forEach(c -> privateCategories.put(c, shown.of(privateCategory(c))));
    categories.put("private_content_rows_by_category", privateCategories);
    doc.put("data_categories", categories);

    Map<String, Object> recipients = new LinkedHashMap<>();
    recipients.put("internal_recipient", internal);
    recipients.put("affiliate_protected_groups",
        strings(policy.path(ConfigKey.POLICY_AFFILIATE_PROTECTED_GROUPS.keyName())));
    Map<String, Object> byRegionRecipient = new TreeMap<>();
    counts.byRegionRecipient().forEach((region, byRecipient) -> {
      Map<String, Object> row = new TreeMap<>();
      byRecipient.keySet().forEach(recipient -> row.put(recipient.equals(internal) ? recipient
          : recipient + " (affiliate)", shown.of(recipient(region, recipient))));
      byRegionRecipient.put(region, row);
    });
    recipients.put("rows_with_findings_by_region_and_recipient", byRegionRecipient);
    recipients.put("rows_shared_with_affiliates_against_the_policy",
        shown.of(rule(RuleId.AFFILIATE_SHARE_PROTECTED.name())));
    doc.put("recipients", recipients);

    Map<String, Object> objections = new LinkedHashMap<>();
    objections.put("members_opted_out_of_generative_training_in_force_at_capture", shown.of(MEMBERS_OPTED_OUT));
    objections.put("members_objecting_to_non_generative_training_in_force_at_capture", shown.of(MEMBERS_OBJECTING));
    objections.put("records_that_had_to_be_excluded", shown.of(RECORDS_EXCLUDED));
    objections.put("late_exclusions", shown.of(LATE_EXCLUSIONS));
    objections.put("late_exclusions_meaning", "training rows used although the member's opt-out or objection"
        + " began before the snapshot's capture (to the millisecond; one that began at the very instant of capture"
        + " is a finding, but the controller could not have excluded the row before freezing it)");
    doc.put("objections", objections);

    Map<String, Object> age = new LinkedHashMap<>();
    age.put("minimum_age", policy.path(ConfigKey.POLICY_MINIMUM_AGE.keyName()).asInt());
    age.put("age_source", "members.birth_date, table version "
        + run.inputVersions().getOrDefault(InputTable.MEMBERS.tableName(), -1L));
    age.put("members_of_unknown_age", shown.of(MEMBERS_OF_UNKNOWN_AGE));
    age.put("rows_of_unknown_age", shown.of(rule(RuleId.AGE_UNKNOWN.name())));
    age.put("rows_under_minimum_age", shown.of(rule(RuleId.UNDER_AGE.name())));
    Map<String, Object> bands = new LinkedHashMap<>();
    counts.ageBands().keySet().forEach(b -> bands.put(b, shown.of(ageBand(b))));
    age.put("finding_rows_by_age_band", bands);
    doc.put("age_check", age);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("total_violations", shown.of(VIOLATIONS));
    result.put("total_unverifiable", shown.of(UNVERIFIABLE));
    Map<String, Object> byRule = new LinkedHashMap<>();
    counts.byRule().keySet().forEach(r -> byRule.put(r, shown.of(rule(r))));
    result.put("by_rule", byRule);
    Map<String, String> unchecked = new LinkedHashMap<>();
    notChecked.forEach((rule, why) -> unchecked.put(rule.name(), why));
    result.put("not_checked", unchecked);
    Map<String, Object> byRegion = new LinkedHashMap<>();
    counts.byRegion().keySet().forEach(g -> byRegion.put(g, shown.of(region(g))));
    result.put("by_region_group", byRegion);
    Map<String, Object> bySeverity = new LinkedHashMap<>();
    counts.bySeverity().keySet().forEach(s -> bySeverity.put(s, shown.of("severity " + s)));
    result.put("by_severity", bySeverity);
    Map<String, Object> coverage = new LinkedHashMap<>();
    coverage.put("scope", "every training row the run read, in all regions");
    coverage.put("rows_read", run.coverage().rowsRead());
    coverage.put("rows_audited", run.coverage().rowsAudited());
    coverage.put("rows_quarantined", run.coverage().rowsQuarantined());
    coverage.put("rows_duplicate", run.coverage().rowsDuplicate());
    coverage.put("reconciled", run.coverage().reconciles());
    result.put("coverage", coverage);
    result.put("input_table_versions", run.inputVersions());
    doc.put("findings", result);

    doc.put("model_impact", modelImpact(lineage, shown));
    doc.put("training_content",
        trainingContent(run, settings, excludedTypes, shown, notChecked, lineage, rowsByRecordType));
    return doc;
  }

  /** Each model impact count, at most the rule's count it is part of; members and records at most the findings. */
  static void addModelImpact(CountTable table, Lineage lineage) {
    for (ImpactRow r : lineage.impact()) {
      table.count(impact(r, "findings"), r.findings()).atMost(impact(r, "findings"), List.of(rule(r.ruleId())));
      table.count(impact(r, "members"), r.members()).atMost(impact(r, "members"), List.of(impact(r, "findings")));
      table.count(impact(r, "records"), r.records()).atMost(impact(r, "records"), List.of(impact(r, "findings")));
    }
  }

  /** The training rows by record type, adding up to their total, which section 1.3 shows too. */
  static void addRecordTypes(CountTable table, Map<String, Long> rowsByRecordType) {
    if (rowsByRecordType.isEmpty()) {
      return;
    }
    rowsByRecordType.forEach((type, n) -> table.count(recordType(type), n));
    table.count(ROWS_AUDITED, rowsByRecordType.values().stream().mapToLong(Long::longValue).sum())
        .total(ROWS_AUDITED, rowsByRecordType.keySet().stream().map(EvidenceSummary::recordType).toList());
  }

  private static String impact(ImpactRow r, String what) {
    return "model impact " + r.versionName() + " " + r.ruleId() + " " + what;
  }

  private static String recordType(String type) {
    return "record type " + type;
  }

  /** The rules the run did not check, with why: disabled by its policy, or an optional table it did not read. */
  static Map<RuleId, String> notChecked(RunFacts run) {
    Set<InputTable> tables = java.util.EnumSet.noneOf(InputTable.class);
    run.inputVersions().keySet().forEach(table -> tables.add(InputTable.fromName(table)));
    return RuleRegistry.notChecked(PolicyJson.parse(run.policy().toString()), tables);
  }

  /** What the summary says of a section of the template this audit cannot know. */
  static final String NOT_COVERED = "not covered by this audit";

  /**
   * The public summary of training content, section by section as the Commission's template (July
   * 2025) numbers them: 1.1 the provider; 1.2 the model versions, from model_trainings; 1.3 the
   * modalities and the training rows by record type; 2.4 user data, its two questions answered
   * apart; 3.3 each promise, its measure and its measured result. Sections this audit cannot know
   * say so rather than being left out.
   */
  private static Map<String, Object> trainingContent(RunFacts run, AuditConfig.Export settings,
      List<String> excludedTypes, Shown shown, Map<RuleId, String> notChecked, Lineage lineage,
      Map<String, Long> rowsByRecordType) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("template", "Template for the public summary of training content for general-purpose AI models,"
        + " European Commission, July 2025");

    Map<String, Object> provider = new LinkedHashMap<>();
    provider.put("provider", settings.provider());
    provider.put("contact", settings.dpoContact());
    provider.put("authorised_representative", NOT_COVERED);
    content.put("1.1_provider_identification", provider);

    Map<String, Object> models = new LinkedHashMap<>();
    if (lineage.configured()) {
      List<Map<String, Object>> versions = new ArrayList<>();
      for (ModelVersion v : lineage.versions()) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("versioned_model_name", v.name());
        version.put("trained_at", v.trainedAt().toString());
        version.put("placed_on_the_market", v.releasedAt() == null ? "never released" : v.releasedAt().toString());
        version.put("training_snapshots", v.snapshotIds());
        versions.add(version);
      }
      models.put("versioned_model_names", versions);
    } else {
      models.put("versioned_model_names", Lineage.NOT_CONFIGURED);
    }
    models.put("model_dependencies", NOT_COVERED);
    content.put("1.2_model_identification", models);

    Map<String, Object> modalities = new LinkedHashMap<>();
    modalities.put("modalities", List.of("text"));
    Map<String, Object> byType = new LinkedHashMap<>();
    rowsByRecordType.keySet().forEach(type -> byType.put(type, shown.of(recordType(type))));
    modalities.put("training_rows", rowsByRecordType.isEmpty() ? NOT_COVERED : shown.of(ROWS_AUDITED));
    modalities.put("training_rows_by_record_type", byType);
    String latest = "";
    for (RunFacts.Snapshot s : run.snapshots()) {
      if (s.capturedAt() != null && s.capturedAt().compareTo(latest) > 0) {
        latest = s.capturedAt();
      }
    }
    modalities.put("latest_data_collection_date", latest.length() >= 10 ? latest.substring(0, 10) : "");
    modalities.put("training_data_size_category", NOT_COVERED);
    modalities.put("linguistic_characteristics", NOT_COVERED);
    content.put("1.3_modalities_and_size", modalities);

    content.put("2.1_publicly_available_datasets", NOT_COVERED);
    content.put("2.2_private_third_party_datasets", NOT_COVERED);
    content.put("2.3_crawled_and_scraped_data", NOT_COVERED);
    Map<String, Object> user = new LinkedHashMap<>();
    long prompts = rowsByRecordType.getOrDefault(AI_PROMPT, 0L);
    user.put("data_from_user_interactions_with_the_model_used", rowsByRecordType.isEmpty() ? NOT_COVERED
        : prompts > 0 ? "yes: member prompts to the platform's AI features (record type " + AI_PROMPT + "), "
            + shown.of(recordType(AI_PROMPT)) + " training rows"
        : "no: no training row holds a record of type " + AI_PROMPT);
    user.put("data_from_user_interactions_with_other_services_used", "yes: member data of the platform (profiles,"
        + " posts, articles, comments and other member content), excluding record types " + excludedTypes
        + "; by record type in section 1.3");
    List<Map<String, Object>> snapshots = new ArrayList<>();
    for (RunFacts.Snapshot s : run.snapshots()) {
      Map<String, Object> snapshot = new LinkedHashMap<>();
      snapshot.put("snapshot_id", s.snapshotId());
      snapshot.put("captured_at", s.capturedAt());
      snapshot.put("purpose", s.purpose());
      snapshot.put("recipient", s.recipient());
      if (s.clearance() != null) {
        snapshot.put("clearance", s.clearance());
      }
      snapshots.add(snapshot);
    }
    user.put("training_snapshots_audited", snapshots);
    content.put("2.4_user_data", user);
    content.put("2.5_synthetic_data", NOT_COVERED);
    content.put("2.6_other_sources", NOT_COVERED);
    content.put("3.1_respect_of_reservations_of_rights", NOT_COVERED);
    content.put("3.2_removal_of_illegal_content", NOT_COVERED);

    Map<String, Object> other = new LinkedHashMap<>();
    Map<String, Object> byMeasure = new LinkedHashMap<>();
    for (RuleId rule : RuleId.values()) {
      if (rule.severity() == Severity.VIOLATION) {
        Map<String, Object> measure = new LinkedHashMap<>();
        measure.put("promise", promise(rule));
        measure.put("measure", measure(rule, run.policy()));
        measure.put("result", notChecked.containsKey(rule)
            ? "not checked in this run: " + notChecked.get(rule)
            : "training rows that broke it: " + shown.of(rule(rule.name())));
        byMeasure.put(rule.name(), measure);
      }
    }
    other.put("measures", byMeasure);
    other.put("model_versions_trained_on_rows_that_broke_a_promise", lineage.configured()
        ? lineage.versions().stream().filter(v -> lineage.impact().stream().anyMatch(r -> r.versionName()
            .equals(v.name()) && r.severity().equals(Severity.VIOLATION.value()))).map(ModelVersion::name).toList()
        : Lineage.NOT_CONFIGURED);
    content.put("3.3_other_information", other);
    return content;
  }

  /** The promise a rule holds the controller to, in a member's words. */
  private static String promise(RuleId rule) {
    return switch (rule) {
      case OPT_OUT_GENERATIVE -> "a member who turns the generative AI setting off is not used for generative training";
      case OBJECTION_NON_GENERATIVE -> "a member who objects to other AI/ML training is not used for it";
      case UNDER_AGE -> "data of members under the minimum age is excluded";
      case PRIVATE_CONTENT -> "private content is excluded";
      case AFFILIATE_SHARE_PROTECTED -> "data of members in protected regions is not shared with affiliates";
      case BEFORE_EFFECTIVE_DATE -> "no data of a region is used before the policy took effect there";
      case DELETED_DATA -> "deleted data and closed accounts are not used";
      case SENSITIVE_CONTEXT -> "content of groups holding special-category data is filtered out";
      case DATA_ORIGIN_CUTOFF -> "no generative use reaches back before a region's data-origin cutoff";
      default -> rule.name();
    };
  }

  /**
   * The model impact of the package's findings: per model version, rule and severity, the findings,
   * members and records, each bounded by the rule's count so that suppression protects them too.
   */
  private static Map<String, Object> modelImpact(Lineage lineage, Shown shown) {
    Map<String, Object> impact = new LinkedHashMap<>();
    if (!lineage.configured()) {
      impact.put("model_lineage", Lineage.NOT_CONFIGURED);
      return impact;
    }
    impact.put("meaning", "per model version and rule, the open findings of this package's members among the"
        + " snapshots the version was trained on, their distinct members and records, and the first and last such"
        + " snapshot");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ImpactRow r : lineage.impact()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("model_version", r.versionName());
      row.put("rule_id", r.ruleId());
      row.put("severity", r.severity());
      row.put("findings", shown.of(impact(r, "findings")));
      row.put("members", shown.of(impact(r, "members")));
      row.put("records", shown.of(impact(r, "records")));
      row.put("first_snapshot_id", r.firstSnapshotId());
      row.put("last_snapshot_id", r.lastSnapshotId());
      rows.add(row);
    }
    impact.put("by_model_version_and_rule", rows);
    return impact;
  }

  /** What the measure a rule checks is, in the policy's own terms. */
  private static String measure(RuleId rule, JsonNode policy) {
    return switch (rule) {
      case OPT_OUT_GENERATIVE -> "members who turned the generative AI setting off, or objected to generative"
          + " training, are left out of it while that is in force ("
          + policy.path(ConfigKey.POLICY_OPT_OUT_MODE.keyName()).asText() + ")";
      case OBJECTION_NON_GENERATIVE -> "members who objected to other AI/ML training are left out of it";
      case UNDER_AGE -> "data members created before the age of " + policy.path(ConfigKey.POLICY_MINIMUM_AGE.keyName())
          .asInt() + " is excluded";
      case PRIVATE_CONTENT -> "record types " + strings(policy.path(ConfigKey.POLICY_EXCLUDED_RECORD_TYPES.keyName()))
          + " and content of visibility " + strings(policy.path(ConfigKey.POLICY_PRIVATE_VISIBILITIES.keyName()))
          + " are excluded";
      case AFFILIATE_SHARE_PROTECTED -> "data of members in " + strings(policy.path(
          ConfigKey.POLICY_AFFILIATE_PROTECTED_GROUPS.keyName())) + " is not shared with affiliates for "
          + strings(policy.path(ConfigKey.POLICY_AFFILIATE_RULE_PURPOSES.keyName())) + " training";
      case BEFORE_EFFECTIVE_DATE -> "no member data is used for generative training before the policy took effect"
          + " in the member's region (" + days(policy.path(ConfigKey.POLICY_EFFECTIVE_DATES.keyName())) + ")";
      case DELETED_DATA -> "deleted records and the data of closed accounts are excluded";
      case SENSITIVE_CONTEXT -> "content posted in groups, pages or events flagged as holding special-category data "
          + strings(policy.path(ConfigKey.POLICY_SENSITIVE_CATEGORIES.keyName())) + " is excluded";
      case DATA_ORIGIN_CUTOFF -> policy.path(ConfigKey.POLICY_DATA_ORIGIN_CUTOFF.keyName()).isEmpty()
          ? "no data-origin cutoff is set: records of any age may be used"
          : "no record collected before the cutoff day of the member's region ("
              + days(policy.path(ConfigKey.POLICY_DATA_ORIGIN_CUTOFF.keyName())) + ") is used for generative training";
      default -> rule.name();
    };
  }

  /** A group -> day map as "EU from 2025-11-03, UK from 2025-11-03". */
  private static String days(JsonNode byGroup) {
    List<String> days = new ArrayList<>();
    byGroup.fields().forEachRemaining(e -> days.add(e.getKey() + " from " + e.getValue().asText()));
    return String.join(", ", days);
  }

  /** A count as published: its value, or the suppression label. */
  private record Shown(CountTable table, Set<String> hidden) {
    Object of(String id) {
      return hidden.contains(id) ? Suppression.LABEL : (Object) table.value(id);
    }
  }

  private static String rule(String rule) {
    return "rule " + rule;
  }

  private static String severity(Severity severity) {
    return "severity " + severity.value();
  }

  private static String region(String group) {
    return "region " + group;
  }

  /** Region group names are plain identifiers, so the first space ends the group whatever the recipient holds. */
  private static String recipient(String group, String recipient) {
    return "recipients of " + group + " " + recipient;
  }

  private static String ageBand(String band) {
    return "age band " + band;
  }

  private static String privateCategory(String category) {
    return "private content " + category;
  }

  private static List<String> strings(JsonNode list) {
    List<String> values = new ArrayList<>();
    list.forEach(n -> values.add(n.asText()));
    return values;
  }
}
