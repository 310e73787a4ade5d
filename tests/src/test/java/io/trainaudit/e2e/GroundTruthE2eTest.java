package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import io.trainaudit.TestSpark;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.Findings;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * training row the generator wrote.
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
        "output:",
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
  }

  private static Set<String> keys(Dataset<Row> findings) {
    return findings.collectAsList().stream()
        .map(r -> r.getString(0) + "|" + r.getString(2) + "|" + r.getString(3))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
