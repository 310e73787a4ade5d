package io.trainaudit.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.audit.AuditJob;
import io.trainaudit.audit.AuditResult;
import io.trainaudit.audit.AuditScope;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.evidence.SigningKeys;
import io.trainaudit.notebooks.Notebook;
import io.trainaudit.notebooks.NotebookJson;
import io.trainaudit.notebooks.NotebookSession;
import io.trainaudit.report.RunReport;
import io.trainaudit.tables.InputTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly audit's link from each snapshot to its clearance: cleared, changed after clearance
 * (one row added), gated but never cleared, never gated; in summary.json, the report and the
 * overview notebook, for snapshots audited in full and for snapshots an incremental run re-checks
 * in part.
 */
@Tag("job")
class ClearanceLinkTest {
  private static final String CAP = GateJobTest.CAP;

  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  @Test
  void theNextAuditTellsClearedChangedNotClearedAndNeverGated() throws Exception {
    InputFixture f = GateJobTest.member(new InputFixture(), "m1", "1990-01-01", "r1");
    GateJobTest.member(f, "m2", "1990-01-01", "r2");
    f.consent("e1", "m2", "generative_ai_setting", true, "2025-06-01T00:00:00Z")
        .training("s-cleared", CAP, "generative", "internal", "r1", "m1")
        .training("s-changed", CAP, "generative", "internal", "r1", "m1")
        .training("s-refused", CAP, "generative", "internal", "r2", "m2")
        .training("s-never", CAP, "generative", "internal", "r1", "m1")
        .write(spark, dir.resolve("data"));
    SigningKeys.create(dir.resolve("keys/evidence-signing-key.pem"));
    AuditConfig config = ConfigLoader.fromYaml(GateJobTest.TABLES, dir, "audit.yaml");
    GateResult cleared = new GateJob(spark, config, "s-cleared").run();
    GateResult changed = new GateJob(spark, config, "s-changed").run();
    assertEquals(GateStatus.EXCLUSIONS_NEEDED, new GateJob(spark, config, "s-refused").run().status());
    appendRow("s-changed");

    AuditResult first = new AuditJob(spark, config).run();
    JsonNode summary = new ObjectMapper().readTree(first.summaryFile().toFile());
    assertEquals(Map.of(
        "s-cleared", "{\"status\":\"cleared\",\"gate_run_id\":\"" + cleared.gateRunId() + "\",\"clearance_file\":\""
            + cleared.clearanceFile() + "\"}",
        "s-changed", "{\"status\":\"changed_after_clearance\",\"gate_run_id\":\"" + changed.gateRunId()
            + "\",\"clearance_file\":\"" + changed.clearanceFile() + "\"}",
        "s-refused", "{\"status\":\"not_cleared\",\"gate_run_id\":null,\"clearance_file\":null}",
        "s-never", "{\"status\":\"never_gated\",\"gate_run_id\":null,\"clearance_file\":null}"), clearances(summary));

    String html = Files.readString(new RunReport(spark, config).write(first.runId(), false).html());
    for (String cell : List.of(
        "<th scope=\"row\">s-changed</th><td>" + CAP + "</td><td class=\"clearance-changed_after_clearance\">Changed"
            + " after clearance</td><td class=\"id\">" + changed.gateRunId() + "</td>",
        ">Cleared</td>", ">Gated, never cleared</td>", ">Never gated</td>")) {
      assertTrue(html.contains(cell), "report.html lacks " + cell);
    }
    assertEquals(Map.of("s-cleared", "cleared", "s-changed", "changed_after_clearance", "s-refused", "not_cleared",
        "s-never", "never_gated"), overviewNotebook(config));

    // A late region row of m1 makes the next nightly run re-check m1's rows in every snapshot, in part.
    appendRow("s-cleared");
    new InputFixture().region("m1", "FR", "2021-01-01T00:00:00Z")
        .append(spark, InputTable.MEMBER_REGIONS, dir.resolve("data/member_regions"));
    AuditResult second = new AuditJob(spark, config, AuditScope.sinceLastRun()).run();
    assertEquals("incremental", new ObjectMapper().readTree(second.summaryFile().toFile()).get("mode").asText());
    Map<String, String> statuses = new TreeMap<>();
    clearances(new ObjectMapper().readTree(second.summaryFile().toFile()))
        .forEach((id, link) -> statuses.put(id, link.replaceAll("^\\{\"status\":\"([a-z_]+)\".*", "$1")));
    assertEquals(Map.of("s-cleared", "changed_after_clearance", "s-changed", "changed_after_clearance",
        "s-never", "never_gated"), statuses);
  }

  /** One more copy of the snapshot's row: a row added after the clearance. */
  private void appendRow(String snapshot) {
    new InputFixture().training(snapshot, CAP, "generative", "internal", "r1", "m1")
        .append(spark, InputTable.TRAINING_SNAPSHOTS, dir.resolve("data/training_snapshots"));
  }

  private static Map<String, String> clearances(JsonNode summary) {
    Map<String, String> links = new TreeMap<>();
    summary.get("snapshots").forEach(s -> links.put(s.get("snapshot_id").asText(), s.get("clearance").toString()));
    return links;
  }

  /** The overview notebook's clearance cell, run as shipped on the executor's session. */
  private Map<String, String> overviewNotebook(AuditConfig config) throws Exception {
    Notebook notebook = NotebookJson.read("overview.ipynb",
        Files.readString(Path.of("..", "notebooks", "overview.ipynb")));
    NotebookSession session = new NotebookSession(spark, config, "m1");
    Map<String, String> statuses = new TreeMap<>();
    List<Notebook.Cell> cells = notebook.cells();
    for (int i = 0; i < cells.size(); i++) {
      Notebook.Cell cell = cells.get(i);
      if (cell.hasTag(Notebook.PARAMETERS_TAG)) {
        session.applyParameters("overview.ipynb", i, cell);
      } else if (cell.source().contains("AS clearance,")) {
        for (Row r : session.query("overview.ipynb", i, cell).collectAsList()) {
          statuses.put(r.getAs("snapshot_id"), r.getAs("clearance"));
        }
      }
    }
    return statuses;
  }
}
