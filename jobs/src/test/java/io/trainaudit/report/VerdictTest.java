package io.trainaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trainaudit.report.ReportData.RuleCount;
import io.trainaudit.rules.Rule;
import io.trainaudit.rules.RuleRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict's wording, exactly, for each kind of outcome. */
class VerdictTest {
  static List<RuleCount> rules(Map<String, Long> counts) {
    return RuleRegistry.all().stream()
        .map((Rule r) -> new RuleCount(r.id().name(), r.severity().value(), r.description(),
            counts.getOrDefault(r.id().name(), 0L)))
        .toList();
  }

  @Test
  void noFindingAtAll() {
    Verdict verdict = new Verdict(1_234_567, 0, 12, rules(Map.of()));
    assertEquals("All 1,234,567 training rows of 12 snapshots were checked against 14 rules: no violation.",
        verdict.sentence());
    assertEquals("PASS", verdict.status());
    assertEquals("No violation found", verdict.headline());
  }

  @Test
  void unverifiableRowsOnly() {
    Verdict verdict = new Verdict(1_234_567, 0, 12, rules(Map.of("AGE_UNKNOWN", 312L)));
    assertEquals("All 1,234,567 training rows of 12 snapshots were checked against 14 rules: no violation;"
        + " 312 rows could not be verified (unknown age).", verdict.sentence());
    assertEquals("PASS", verdict.status());
    assertEquals("No violation found; some rows could not be verified", verdict.headline());
    assertEquals(0, verdict.violations());
    assertEquals(312, verdict.unverifiable());
  }

  @Test
  void violationsInSeveralRulesWithQuarantinedRows() {
    Verdict verdict = new Verdict(1_234_500, 67, 12, rules(Map.of("OPT_OUT_GENERATIVE", 5_000L, "UNDER_AGE", 63L,
        "AGE_UNKNOWN", 1L, "REGION_UNKNOWN", 2L)));
    assertEquals("1,234,500 of 1,234,567 training rows of 12 snapshots were checked against 14 rules"
        + " (67 could not be read and were quarantined): 5,063 violations in 2 rules; could not be verified:"
        + " 1 row (unknown age), 2 rows (unknown region).", verdict.sentence());
    assertEquals("FAIL", verdict.status());
    assertEquals("Violations found", verdict.headline());
  }

  @Test
  void singularWording() {
    Verdict verdict = new Verdict(1, 0, 1, rules(Map.of("DELETED_DATA", 1L)));
    assertEquals("All 1 training row of 1 snapshot was checked against 14 rules: 1 violation in 1 rule.",
        verdict.sentence());
  }

  @Test
  void aPromiseNotCheckedIsNamedAndNotClaimed() {
    List<RuleCount> checked = rules(Map.of()).stream().filter(r -> !r.ruleId().equals("SENSITIVE_CONTEXT")).toList();
    Verdict verdict = new Verdict(10, 0, 1, checked,
        Map.of("SENSITIVE_CONTEXT", "tables.sensitive_contexts is not configured"));
    assertEquals("All 10 training rows of 1 snapshot were checked against 13 rules: no violation. Not checked, so not"
        + " claimed to hold: SENSITIVE_CONTEXT (tables.sensitive_contexts is not configured).", verdict.sentence());
    assertEquals("PASS", verdict.status());
  }

  @Test
  void everyUnverifiableRuleHasAPlainReason() {
    assertEquals(List.of("unknown age", "unknown visibility", "unknown region", "record missing from the records table",
            "member differs from the record's owner"),
        RuleRegistry.all().stream().filter(r -> r.severity().value().equals("unverifiable"))
            .map(r -> Verdict.reason(r.id().name())).toList());
  }
}
