package io.trainaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.config.PolicyJson;
import io.trainaudit.rules.RuleId;
import java.nio.file.Path;
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
    Map<?, ?> measures = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) summary.get("training_content"))
        .get("data_processing_measures")).get("measures");
    assertEquals(List.of("OPT_OUT_GENERATIVE", "OBJECTION_NON_GENERATIVE", "UNDER_AGE", "PRIVATE_CONTENT",
        "AFFILIATE_SHARE_PROTECTED", "BEFORE_EFFECTIVE_DATE", "DELETED_DATA", "SENSITIVE_CONTEXT", "DATA_ORIGIN_CUTOFF"),
        List.copyOf(measures.keySet()));
    assertEquals("content posted in groups, pages or events flagged as holding special-category data [trade_union,"
        + " health, religion, political, sexual_orientation, ethnicity, biometric, genetic, sex_life,"
        + " philosophical_belief] is excluded; training rows that broke it: 12", measures.get("SENSITIVE_CONTEXT"));
    assertEquals("no record collected before the cutoff day of the member's region (EU from 2024-07-01, UK from"
        + " 2025-01-01) is used for generative training; training rows that broke it: 30",
        measures.get("DATA_ORIGIN_CUTOFF"));
    assertEquals(Map.of(), ((Map<?, ?>) summary.get("findings")).get("not_checked"));
  }

  @Test
  void aRunWithoutSensitiveContextsSaysThePromiseWasNotChecked() throws Exception {
    Map<String, Object> summary = summary("policy: {disabled_rules: [MEMBER_MISMATCH]}\n", SIX_TABLES, Map.of());
    assertEquals(Map.of("MEMBER_MISMATCH", "disabled by policy.disabled_rules",
            "SENSITIVE_CONTEXT", "tables.sensitive_contexts is not configured"),
        ((Map<?, ?>) summary.get("findings")).get("not_checked"));
    Map<?, ?> measures = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) summary.get("training_content"))
        .get("data_processing_measures")).get("measures");
    String sensitive = (String) measures.get("SENSITIVE_CONTEXT");
    assertEquals("not checked in this run: tables.sensitive_contexts is not configured",
        sensitive.substring(sensitive.indexOf("; ") + 2));
    assertEquals("no data-origin cutoff is set: records of any age may be used; training rows that broke it: 0",
        measures.get("DATA_ORIGIN_CUTOFF"));
  }

  private static Map<String, Object> summary(String yaml, Map<String, Long> versions, Map<String, Long> found)
      throws Exception {
    AuditConfig config = ConfigLoader.fromYaml(yaml, Path.of("."), "f.yaml");
    RunFacts run = new RunFacts("run-1", null, PolicyJson.hash(config.policy()),
        new ObjectMapper().readTree(PolicyJson.json(config.policy())), "trainaudit test", versions, 10, 10, 0, 0,
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
