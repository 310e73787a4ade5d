package io.trainaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.json bound both ways: the contract's names, written and read back unchanged; older files still read. */
class SummaryFileTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSummaryIsWrittenWithTheContractsNamesAndReadsBackEqual(@TempDir Path reports) throws Exception {
    SummaryFile summary = new SummaryFile("run-1", "2026-12-01T00:00:00Z", "2026-12-01T00:01:00Z", RunMode.INCREMENTAL,
        Conclusion.VIOLATIONS_FOUND, new Coverage(10, 8, 1, 1), Map.of("members", 1L),
        Map.of("UNDER_AGE", new SummaryFile.RuleFindings("violation", 2, "No member under 18.")),
        Map.of("SENSITIVE_CONTEXT", "sensitive_contexts is not configured"), Map.of("violation", 2L, "unverifiable", 0L),
        Map.of("EU", 2L),
        List.of(new SummaryFile.Snapshot("s1", "2026-11-01T00:00:00Z", "generative", "internal", 9, 8, 0, 1, 2, 0,
                new SummaryFile.Clearance("cleared", "gate-1", "clearance.json")),
            new SummaryFile.Snapshot(null, null, null, null, 1, 0, 1, 0, 0, 0, null)),
        JSON.readTree("{\"minimum_age\":18}"), "abc", Map.of("members", 3L), "trainaudit 1", null,
        JSON.readTree("{\"configured\":false}"));

    Path file = summary.write(reports);

    assertEquals(reports.resolve("run-1/summary.json"), file);
    assertEquals(summary, SummaryFile.read(reports, "run-1", "report"));
    JsonNode written = JSON.readTree(file.toFile());
    assertEquals(List.of("run_id", "started_at", "ended_at", "mode", "conclusion", "coverage",
        "quarantined_rows_by_table", "findings_by_rule", "not_checked", "findings_by_severity",
        "findings_by_region_group", "snapshots", "policy", "policy_hash", "input_versions", "code_version",
        "config_file", "model_lineage"), names(written));
    assertEquals("incremental", written.get("mode").asText());
    assertEquals(JSON.readTree("{\"rows_read\":10,\"rows_audited\":8,\"rows_quarantined\":1,\"rows_duplicate\":1,"
        + "\"reconciled\":true}"), written.get("coverage"));
    assertEquals(List.of("snapshot_id", "captured_at", "purpose", "recipient", "rows_read", "rows_audited",
        "rows_quarantined", "rows_duplicate", "violations", "unverifiable", "clearance"),
        names(written.get("snapshots").get(0)));
    assertEquals("gate-1", written.at("/snapshots/0/clearance/gate_run_id").asText());
    assertEquals(false, written.get("snapshots").get(1).has("clearance"), "no clearance, no key");
  }

  @Test
  void aSummaryWrittenBeforeLaterFieldsReadsThemAsAbsent(@TempDir Path reports) throws Exception {
    Files.createDirectories(reports.resolve("run-0"));
    Files.writeString(reports.resolve("run-0/summary.json"), "{\"run_id\":\"run-0\",\"mode\":\"full\","
        + "\"conclusion\":\"NO_VIOLATIONS\",\"coverage\":{\"rows_read\":1,\"rows_audited\":1,\"rows_quarantined\":0,"
        + "\"rows_duplicate\":0,\"reconciled\":true},\"snapshots\":[{\"snapshot_id\":\"s1\",\"rows_audited\":1}],"
        + "\"a_field_of_a_later_version\":1}");

    SummaryFile old = SummaryFile.read(reports, "run-0", "export");

    assertEquals(List.of(RunMode.FULL, new Coverage(1, 1, 0, 0), Map.of(), Map.of()),
        List.of(old.mode(), old.coverage(), old.notChecked(), old.findingsByRule()));
    assertNull(old.snapshots().get(0).clearance());
    assertNull(old.modelLineage());
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
