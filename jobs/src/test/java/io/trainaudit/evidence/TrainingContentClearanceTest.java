package io.trainaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.audit.RunMode;
import io.trainaudit.audit.Conclusion;
import io.trainaudit.audit.Coverage;
import io.trainaudit.audit.RunRecord;
import io.trainaudit.audit.RunStatus;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.rules.RuleId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evidence summary names each audited snapshot's clearance status, as the run's summary.json gives it. */
class TrainingContentClearanceTest {
  @Test
  void eachSnapshotOfTheTrainingContentCarriesItsClearanceStatus(@TempDir Path reports) throws Exception {
    Files.createDirectories(reports.resolve("run-1"));
    Files.writeString(reports.resolve("run-1/summary.json"), "{\"snapshots\": ["
        + "{\"snapshot_id\": \"s1\", \"captured_at\": \"2026-03-01T00:00:00Z\", \"purpose\": \"generative\","
        + " \"recipient\": \"internal\", \"clearance\": {\"status\": \"changed_after_clearance\","
        + " \"gate_run_id\": \"gate-1\", \"clearance_file\": \"/c/s1/gate-1.clearance.json\"}},"
        + "{\"snapshot_id\": \"s0\", \"captured_at\": \"2026-02-01T00:00:00Z\", \"purpose\": \"generative\","
        + " \"recipient\": \"internal\"}]}");
    RunRecord run = new RunRecord("run-1", Instant.parse("2026-03-01T23:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"),
        RunStatus.SUCCEEDED, new RunRecord.Plan(RunMode.FULL, List.of("s0", "s1"), null),
        new RunRecord.Provenance("use_time", "hash", "{}", "test", null, null, null),
        new RunRecord.Versions(Map.of(), Map.of(), Map.of()),
        new RunRecord.Outcome(new Coverage(0, 0, 0, 0), 0, 0, Conclusion.NO_VIOLATIONS, "digest"), new RunRecord.Lease(null, null),
        null);

    RunFacts facts = RunFacts.of(run, reports);
    assertEquals(List.of(
            new RunFacts.Snapshot("s1", "2026-03-01T00:00:00Z", "generative", "internal", "changed_after_clearance"),
            new RunFacts.Snapshot("s0", "2026-02-01T00:00:00Z", "generative", "internal", null)),
        facts.snapshots());
    Map<String, Long> byRule = new LinkedHashMap<>();
    for (RuleId rule : RuleId.values()) {
      byRule.put(rule.name(), 0L);
    }
    Map<String, Long> bands = new LinkedHashMap<>();
    AgeBand.ALL.forEach(b -> bands.put(b, 0L));
    FindingCounts none = new FindingCounts(byRule, Map.of("violation", 0L, "unverifiable", 0L), new TreeMap<>(Map.of("EU", 0L)),
        Map.of(), Map.of(), bands, 0, 0, 0, 0, 0);
    Map<String, Object> doc = EvidenceSummary.build(facts, List.of("EU"), EvidenceTier.PUBLIC, "2026-03-02T00:00:00Z",
        ConfigLoader.defaults(reports).export(), none);
    assertEquals("[{\"snapshot_id\":\"s1\",\"captured_at\":\"2026-03-01T00:00:00Z\",\"purpose\":\"generative\","
        + "\"recipient\":\"internal\",\"clearance\":\"changed_after_clearance\"},{\"snapshot_id\":\"s0\","
        + "\"captured_at\":\"2026-02-01T00:00:00Z\",\"purpose\":\"generative\",\"recipient\":\"internal\"}]",
        new ObjectMapper().writeValueAsString(((Map<?, ?>) ((Map<?, ?>) doc.get("training_content"))
            .get("2.4_user_data")).get("training_snapshots_audited")));
  }
}
