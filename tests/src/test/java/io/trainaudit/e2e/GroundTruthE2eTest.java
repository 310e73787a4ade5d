package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import io.trainaudit.TestSpark;
import io.trainaudit.evidence.Pseudonymiser;
import io.trainaudit.report.Xml;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.ModelImpact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real command line generates a data set with planted violations, then audits it in both
 * opt-out modes, with sensitive_contexts and a data-origin cutoff: the findings of all fourteen
 * rules must equal the generator's ground truth exactly, and the coverage must account for every
 * training row the generator wrote. The model impact each run writes equals the generator's, row
 * for row, and the planted invalid model_trainings rows are quarantined.
 */
@Tag("e2e")
class GroundTruthE2eTest {
  @TempDir static Path dir;
  private static SparkSession spark;
  private static JsonNode planted;

  /** The contract's example cutoff, so that DATA_ORIGIN_CUTOFF finds something; the default policy has none. */
  private static final String CUTOFF = "  data_origin_cutoff: {EU: 2024-07-01, UK: 2025-01-01}";

  @BeforeAll
  static void generate() throws Exception {
    spark = TestSpark.session();
    planted = GeneratedData.generate(dir, 600, 6, 6, 20261123,
        GeneratedData.config(dir, "policy.yaml", "policy:", CUTOFF));
  }

  @ParameterizedTest
  @ValueSource(strings = {"use_time", "collection_time"})
  void findingsEqualTheGroundTruth(String mode) throws Exception {
    Path config = GeneratedData.config(dir, mode + ".yaml",
        "tables: {sensitive_contexts: data/sensitive_contexts, model_trainings: data/model_trainings}",
        "output:",
        "  model_impact: " + mode + "/model_impact",
        "  findings: " + mode + "/findings",
        "  audit_runs: " + mode + "/audit_runs",
        "  quarantine: " + mode + "/quarantine",
        "  reports: " + mode + "/reports",
        "  staging: " + mode + "/staging",
        "policy:",
        "  opt_out_mode: " + mode,
        CUTOFF);
    Cli.Outcome run = Cli.run("run", "--config", config.toString(), "--full");
    assertEquals(1, run.exitCode(), run.err());

    Dataset<Row> expected = spark.read().format("delta").load(dir.resolve("data/ground_truth/" + mode).toString())
        .select(Findings.RULE_ID, Findings.SEVERITY, Findings.SNAPSHOT_ID, Findings.RECORD_ID);
    Dataset<Row> actual = spark.read().format("delta").load(dir.resolve(mode + "/findings").toString())
        .select(Findings.RULE_ID, Findings.SEVERITY, Findings.SNAPSHOT_ID, Findings.RECORD_ID);
    assertEquals(RuleId.ids(), expected.select(Findings.RULE_ID).distinct().collectAsList().stream()
        .map(r -> r.getString(0)).collect(Collectors.toCollection(TreeSet::new)), "every rule has findings to find");
    assertEquals(keys(expected), keys(actual), "findings differ from the ground truth");
    new JavaDataFrameSuiteBase().assertDataFrameNoOrderEquals(expected, actual);

    JsonNode summary = new ObjectMapper().readTree(Files.readString(
        Files.list(dir.resolve(mode + "/reports")).findFirst().orElseThrow().resolve("summary.json")));
    JsonNode coverage = summary.get("coverage");
    assertEquals(planted.at("/training_rows").asLong(), coverage.get("rows_read").asLong());
    assertEquals(planted.at("/duplicate_training_rows").asLong(), coverage.get("rows_duplicate").asLong());
    assertEquals(planted.at("/invalid_rows/training_snapshots").asLong(), coverage.get("rows_quarantined").asLong());
    assertEquals(true, coverage.get("reconciled").asBoolean());
    assertEquals("VIOLATIONS_FOUND", summary.get("conclusion").asText());

    Dataset<Row> expectedImpact = spark.read().format("delta")
        .load(dir.resolve("data/ground_truth/model_impact/" + mode).toString());
    Dataset<Row> actualImpact = spark.read().format("delta").load(dir.resolve(mode + "/model_impact").toString());
    String runId = summary.get("run_id").asText();
    assertEquals(Set.of(runId), actualImpact.select(ModelImpact.RUN_ID).distinct().collectAsList().stream()
        .map(r -> r.getString(0)).collect(Collectors.toSet()));
    assertEquals(Set.of("writer v1", "writer v2", "writer v3", "ranker 2025.1"),
        expectedImpact.select(ModelImpact.MODEL_ID, ModelImpact.MODEL_VERSION).distinct().collectAsList().stream()
            .map(r -> r.getString(0) + " " + r.getString(1)).collect(Collectors.toSet()),
        "every model version took in findings");
    assertEquals(impactLines(expectedImpact), impactLines(actualImpact.drop(ModelImpact.RUN_ID)),
        "model impact differs from the ground truth");
    assertEquals(expectedImpact.count(), summary.at("/model_lineage/model_impact").size());
    assertEquals(planted.at("/invalid_rows/model_trainings").asLong(),
        summary.at("/quarantined_rows_by_table/model_trainings").asLong());
    assertEquals(3L, planted.at("/invalid_rows/model_trainings").asLong());

    statementsEqualTheGroundTruth(mode, config);
  }

  /**
   * {@code bin/audit member} on the planted members (opted out before the capture, under 18, a private
   * record, a clean one) states the facts of the generator's ground truth; by pseudonym too; an
   * unknown member is exit 2.
   */
  private void statementsEqualTheGroundTruth(String mode, Path config) throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode truth = json.readTree(dir.resolve("data/ground_truth/member_statements.json").toFile());
    Map<String, String> answers = new HashMap<>();
    List<String> cases = new ArrayList<>();
    for (JsonNode member : truth.get("members")) {
      String plantedCase = member.get("case").asText();
      cases.add(plantedCase);
      Path out = dir.resolve(mode + "/statements/" + plantedCase);
      Cli.Outcome stated = Cli.run("member", "--config", config.toString(), "--member-id",
          member.get("member_id").asText(), "--out", out.toString());
      assertEquals(0, stated.exitCode(), stated.err());
      JsonNode statement = json.readTree(out.resolve("statement.json").toFile());
      assertTrue(Files.size(out.resolve("statement.pdf")) > 1000);
      assertTrue(Files.readString(out.resolve("statement.html"))
          .contains(Xml.escape(statement.get("answer").asText())));
      assertEquals(member.get("member_id").asText(), statement.get("member_id").asText());
      assertEquals(member.get("birth_date").asText(null), statement.at("/member/birth_date").asText(null), plantedCase);

      Set<String> expectedRows = new TreeSet<>();
      member.get("training_rows").forEach(r -> expectedRows.add(r.get("snapshot_id").asText() + "|"
          + r.get("record_id").asText()));
      Set<String> rows = new TreeSet<>();
      Set<String> findings = new TreeSet<>();
      Set<String> models = new TreeSet<>();
      for (JsonNode row : statement.get("records_used")) {
        rows.add(row.get("snapshot_id").asText() + "|" + row.get("record_id").asText());
        row.get("findings").forEach(f -> findings.add(f.get("rule_id").asText() + "|" + row.get("snapshot_id").asText()
            + "|" + row.get("record_id").asText()));
        row.get("model_versions").forEach(m -> models.add(m.asText()));
      }
      assertEquals(expectedRows, rows, plantedCase);
      Set<String> expectedFindings = new TreeSet<>();
      member.at("/findings/" + mode).forEach(f -> expectedFindings.add(f.get("rule_id").asText() + "|"
          + f.get("snapshot_id").asText() + "|" + f.get("record_id").asText()));
      assertEquals(expectedFindings, findings, plantedCase);
      Set<String> expectedModels = new TreeSet<>();
      member.get("model_versions").forEach(m -> expectedModels.add(m.asText()));
      assertEquals(expectedModels, models, plantedCase);
      assertEquals(expectedModels, statement.findValuesAsText("model_version").stream()
          .collect(Collectors.toCollection(TreeSet::new)), plantedCase);

      List<String> expectedConsent = new ArrayList<>();
      member.get("consent_events").forEach(e -> expectedConsent.add(e.get("channel").asText() + "|"
          + e.get("opted_out").asBoolean() + "|" + e.get("event_time").asText()));
      List<String> consent = new ArrayList<>();
      statement.get("consent_history").fields().forEachRemaining(channel -> channel.getValue().forEach(e ->
          consent.add(channel.getKey() + "|" + e.get("opted_out").asBoolean() + "|" + e.get("event_time").asText())));
      assertEquals(expectedConsent.stream().sorted().toList(), consent.stream().sorted().toList(), plantedCase);
      answers.put(plantedCase, statement.get("answer").asText());
      assertEquals(List.of("writer v3"), List.copyOf(expectedModels), "the late snapshot trained writer v3 only");
    }
    assertEquals(List.of("opt_out_setting", "under_age_at_capture", "excluded_type", "birthday_at_collection"), cases);
    JsonNode optedOut = truth.at("/members/0/consent_events/0");
    assertEquals("1 record was used after your opt-out of " + optedOut.get("event_time").asText().substring(0, 10)
        + "; it trained model writer v3 (never released).", answers.get("opt_out_setting"));
    assertEquals("1 record was used although you were under 18 when it was collected or captured; it trained model"
        + " writer v3 (never released).", answers.get("under_age_at_capture"));
    assertEquals("1 record was used although private; it trained model writer v3 (never released).",
        answers.get("excluded_type"));
    assertEquals("Your record used in training broke no promise; it trained model writer v3 (never released).",
        answers.get("birthday_at_collection"));

    // A regulator's question about a pseudonymised finding: the same member, found by pseudonym.
    String hexKey = "ab".repeat(32);
    Path keyFile = Files.writeString(dir.resolve(mode + "/pseudonym.key"), hexKey + "\n");
    String memberId = truth.at("/members/0/member_id").asText();
    String pseudonym = new Pseudonymiser(HexFormat.of().parseHex(hexKey)).member(memberId);
    Path byPseudonym = dir.resolve(mode + "/statements/by-pseudonym");
    Cli.Outcome asked = Cli.run("member", "--config", config.toString(), "--pseudonym", pseudonym, "--pseudonym-key",
        keyFile.toString(), "--out", byPseudonym.toString());
    assertEquals(0, asked.exitCode(), asked.err());
    JsonNode statement = json.readTree(byPseudonym.resolve("statement.json").toFile());
    assertEquals(memberId, statement.get("member_id").asText());
    assertEquals("pseudonym " + pseudonym, statement.get("asked_as").asText());
    assertEquals(answers.get("opt_out_setting"), statement.get("answer").asText());

    Cli.Outcome unknown = Cli.run("member", "--config", config.toString(), "--member-id", "m-nobody");
    assertEquals(2, unknown.exitCode(), unknown.err());
    String expected = "audit: Cannot answer for member m-nobody: no row of members, consent_events, member_regions,"
        + " records or training_snapshots (as configured in " + config + "), nor any open finding, holds this member"
        + " id\n";
    assertTrue(unknown.err().contains(expected), unknown.err());
  }

  /** Each row as a line of its values in the ground truth's column order, sorted. */
  private static List<String> impactLines(Dataset<Row> impact) {
    return impact.selectExpr("concat_ws('|', model_id, model_version, rule_id, severity, findings, members, records,"
            + " first_snapshot_id, last_snapshot_id)")
        .collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
  }

  private static Set<String> keys(Dataset<Row> findings) {
    return findings.collectAsList().stream()
        .map(r -> r.getString(0) + "|" + r.getString(2) + "|" + r.getString(3))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
