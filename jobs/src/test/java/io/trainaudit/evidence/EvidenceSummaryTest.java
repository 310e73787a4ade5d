package io.trainaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.audit.Coverage;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.config.PolicyJson;
import io.trainaudit.lineage.ImpactRow;
import io.trainaudit.lineage.Lineage;
import io.trainaudit.lineage.ModelVersion;
import io.trainaudit.rules.RuleId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The summary's naming of the measures (AI Act template section 3.3) and of the promises a run did not check. */
class EvidenceSummaryTest {
  private static final Map<String, Long> SIX_TABLES = Map.of("training_snapshots", 3L, "records", 2L,
      "record_visibility", 1L, "consent_events", 4L, "members", 1L, "member_regions", 1L);

  @Test
  void section33NamesEachMeasureWithTheRowsThatBrokeIt() throws Exception {
    Map<String, Long> versions = new TreeMap<>(SIX_TABLES);
    versions.put("sensitive_contexts", 0L);
    Map<String, Object> summary = summary("policy: {data_origin_cutoff: {EU: 2024-07-01, UK: 2025-01-01}}\n", versions,
        Map.of("SENSITIVE_CONTEXT", 12L, "DATA_ORIGIN_CUTOFF", 30L));
    Map<?, ?> measures = measures(summary);
    assertEquals(List.of("OPT_OUT_GENERATIVE", "OBJECTION_NON_GENERATIVE", "UNDER_AGE", "PRIVATE_CONTENT",
        "AFFILIATE_SHARE_PROTECTED", "BEFORE_EFFECTIVE_DATE", "DELETED_DATA", "SENSITIVE_CONTEXT", "DATA_ORIGIN_CUTOFF"),
        List.copyOf(measures.keySet()));
    assertEquals("content posted in groups, pages or events flagged as holding special-category data [trade_union,"
        + " health, religion, political, sexual_orientation, ethnicity, biometric, genetic, sex_life,"
        + " philosophical_belief] is excluded; training rows that broke it: 12", line(measures, "SENSITIVE_CONTEXT"));
    assertEquals("content of groups holding special-category data is filtered out",
        ((Map<?, ?>) measures.get("SENSITIVE_CONTEXT")).get("promise"));
    assertEquals("no record collected before the cutoff day of the member's region (EU from 2024-07-01, UK from"
        + " 2025-01-01) is used for generative training; training rows that broke it: 30",
        line(measures, "DATA_ORIGIN_CUTOFF"));
    assertEquals(Map.of(), ((Map<?, ?>) summary.get("findings")).get("not_checked"));
  }

  @Test
  void aRunWithoutSensitiveContextsSaysThePromiseWasNotChecked() throws Exception {
    Map<String, Object> summary = summary("policy: {disabled_rules: [MEMBER_MISMATCH]}\n", SIX_TABLES, Map.of());
    assertEquals(Map.of("MEMBER_MISMATCH", "disabled by policy.disabled_rules",
            "SENSITIVE_CONTEXT", "tables.sensitive_contexts is not configured"),
        ((Map<?, ?>) summary.get("findings")).get("not_checked"));
    Map<?, ?> measures = measures(summary);
    String sensitive = line(measures, "SENSITIVE_CONTEXT");
    assertEquals("not checked in this run: tables.sensitive_contexts is not configured",
        sensitive.substring(sensitive.indexOf("; ") + 2));
    assertEquals("no data-origin cutoff is set: records of any age may be used; training rows that broke it: 0",
        line(measures, "DATA_ORIGIN_CUTOFF"));
  }

  @Test
  void modelImpactAndTheTemplateSectionsFollowTheLineageAndHideSmallCountsInPublic() throws Exception {
    AuditConfig config = ConfigLoader.fromYaml("export: {min_count: 10, provider: Example AI}\n", Path.of("."),
        "f.yaml");
    Map<String, Long> versions = new TreeMap<>(SIX_TABLES);
    versions.put("model_trainings", 2L);
    RunFacts run = new RunFacts("run-1", null, PolicyJson.hash(config.policy()),
        new ObjectMapper().readTree(PolicyJson.json(config.policy())), "trainaudit test", versions, new Coverage(40, 40, 0, 0),
        List.of(new RunFacts.Snapshot("s1", "2026-03-01T00:00:00Z", "generative", "internal", null)), null);
    FindingCounts counts = counts(Map.of("OPT_OUT_GENERATIVE", 40L));
    Instant trained = Instant.parse("2026-03-08T00:00:00Z");
    Lineage lineage = new Lineage(true,
        List.of(new ModelVersion("writer", "v3", trained, null, List.of("s1")),
            new ModelVersion("writer", "v2", trained, trained.plusSeconds(86_400), List.of("s0"))),
        List.of(new ImpactRow("writer", "v3", "OPT_OUT_GENERATIVE", "violation", 40, 3, 40, "s1", "s1")));
    Map<String, Long> types = Map.of("post", 30L, "ai_prompt", 2L, "comment", 8L);

    Map<String, Object> shown = EvidenceSummary.build(run, List.of("EU"), EvidenceTier.CONFIDENTIAL,
        "2026-04-01T00:00:00Z", config.export(), counts, lineage, types);
    Map<String, Object> hidden = EvidenceSummary.build(run, List.of("EU"), EvidenceTier.PUBLIC, "2026-04-01T00:00:00Z",
        config.export(), counts, lineage, types);
    ObjectMapper json = new ObjectMapper();
    assertEquals("[{\"model_version\":\"writer v3\",\"rule_id\":\"OPT_OUT_GENERATIVE\",\"severity\":\"violation\","
        + "\"findings\":40,\"members\":3,\"records\":40,\"first_snapshot_id\":\"s1\",\"last_snapshot_id\":\"s1\"}]",
        json.writeValueAsString(((Map<?, ?>) shown.get("model_impact")).get("by_model_version_and_rule")));
    assertEquals("[{\"model_version\":\"writer v3\",\"rule_id\":\"OPT_OUT_GENERATIVE\",\"severity\":\"violation\","
        + "\"findings\":40,\"members\":\"suppressed\",\"records\":40,\"first_snapshot_id\":\"s1\","
        + "\"last_snapshot_id\":\"s1\"}]",
        json.writeValueAsString(((Map<?, ?>) hidden.get("model_impact")).get("by_model_version_and_rule")));

    Map<?, ?> content = (Map<?, ?>) shown.get("training_content");
    assertEquals(List.of("template", "1.1_provider_identification", "1.2_model_identification",
        "1.3_modalities_and_size", "2.1_publicly_available_datasets", "2.2_private_third_party_datasets",
        "2.3_crawled_and_scraped_data", "2.4_user_data", "2.5_synthetic_data", "2.6_other_sources",
        "3.1_respect_of_reservations_of_rights", "3.2_removal_of_illegal_content", "3.3_other_information"),
        List.copyOf(content.keySet()));
    assertEquals("Example AI", ((Map<?, ?>) content.get("1.1_provider_identification")).get("provider"));
    assertEquals("[{\"versioned_model_name\":\"writer v3\",\"trained_at\":\"2026-03-08T00:00:00Z\","
        + "\"placed_on_the_market\":\"never released\",\"training_snapshots\":[\"s1\"]},"
        + "{\"versioned_model_name\":\"writer v2\",\"trained_at\":\"2026-03-08T00:00:00Z\","
        + "\"placed_on_the_market\":\"2026-03-09T00:00:00Z\",\"training_snapshots\":[\"s0\"]}]",
        json.writeValueAsString(((Map<?, ?>) content.get("1.2_model_identification")).get("versioned_model_names")));
    assertEquals("not covered by this audit", content.get("2.1_publicly_available_datasets"));
    Map<?, ?> size = (Map<?, ?>) content.get("1.3_modalities_and_size");
    assertEquals(40L, size.get("training_rows"));
    assertEquals("2026-03-01", size.get("latest_data_collection_date"));
    Map<?, ?> user = (Map<?, ?>) content.get("2.4_user_data");
    assertEquals("yes: member prompts to the platform's AI features (record type ai_prompt), 2 training rows",
        user.get("data_from_user_interactions_with_the_model_used"));
    assertTrue(((String) user.get("data_from_user_interactions_with_other_services_used")).startsWith("yes: "));
    assertEquals(List.of("writer v3"), ((Map<?, ?>) content.get("3.3_other_information"))
        .get("model_versions_trained_on_rows_that_broke_a_promise"));
    Map<?, ?> publicTypes = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) hidden.get("training_content"))
        .get("1.3_modalities_and_size")).get("training_rows_by_record_type");
    assertEquals("suppressed", publicTypes.get("ai_prompt"));
    assertEquals("suppressed", publicTypes.get("comment"));

    Map<String, Object> none = EvidenceSummary.build(run, List.of("EU"), EvidenceTier.PUBLIC, "2026-04-01T00:00:00Z",
        config.export(), counts, Lineage.notConfigured(), Map.of());
    assertEquals(Map.of("model_lineage", "no model lineage configured"), none.get("model_impact"));
    Map<?, ?> noneContent = (Map<?, ?>) none.get("training_content");
    assertEquals("no model lineage configured",
        ((Map<?, ?>) noneContent.get("1.2_model_identification")).get("versioned_model_names"));
    assertEquals("not covered by this audit", ((Map<?, ?>) noneContent.get("2.4_user_data"))
        .get("data_from_user_interactions_with_the_model_used"));
  }

  private static FindingCounts counts(Map<String, Long> found) {
    Map<String, Long> byRule = new LinkedHashMap<>();
    for (RuleId rule : RuleId.values()) {
      byRule.put(rule.name(), found.getOrDefault(rule.name(), 0L));
    }
    long violations = found.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Long> bands = new LinkedHashMap<>();
    AgeBand.ALL.forEach(b -> bands.put(b, 0L));
    bands.put("unknown", violations);
    return new FindingCounts(byRule, Map.of("violation", violations, "unverifiable", 0L),
        Map.of("EU", violations), Map.of("EU", Map.of("internal", violations)), Map.of(), bands, 0, 0, 0, 0, 0);
  }

  /** Section 3.3 of the template: each measure as {promise, measure, result}. */
  private static Map<?, ?> measures(Map<String, Object> summary) {
    return (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) summary.get("training_content")).get("3.3_other_information"))
        .get("measures");
  }

  /** A measure and its result, as one line. */
  private static String line(Map<?, ?> measures, String rule) {
    Map<?, ?> measure = (Map<?, ?>) measures.get(rule);
    return measure.get("measure") + "; " + measure.get("result");
  }

  private static Map<String, Object> summary(String yaml, Map<String, Long> versions, Map<String, Long> found)
      throws Exception {
    AuditConfig config = ConfigLoader.fromYaml(yaml, Path.of("."), "f.yaml");
    RunFacts run = new RunFacts("run-1", null, PolicyJson.hash(config.policy()),
        new ObjectMapper().readTree(PolicyJson.json(config.policy())), "trainaudit test", versions, new Coverage(10, 10, 0, 0),
        List.of(), null);
    Map<String, Long> byRule = new LinkedHashMap<>();
    for (RuleId rule : RuleId.values()) {
      byRule.put(rule.name(), found.getOrDefault(rule.name(), 0L));
    }
    long violations = found.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Long> bands = new LinkedHashMap<>();
    AgeBand.ALL.forEach(b -> bands.put(b, 0L));
    bands.put("unknown", violations);
    FindingCounts counts = new FindingCounts(byRule, Map.of("violation", violations, "unverifiable", 0L),
        Map.of("EU", violations), Map.of("EU", Map.of("internal", violations)), Map.of(), bands, 0, 0, 0, 0, 0);
    return EvidenceSummary.build(run, List.of("EU"), EvidenceTier.CONFIDENTIAL, "2026-01-01T00:00:00Z",
        config.export(), counts);
  }
}
