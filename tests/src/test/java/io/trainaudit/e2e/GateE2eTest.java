package io.trainaudit.e2e;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.trainaudit.TestSpark;
import io.trainaudit.tables.Exclusions;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.GateRuns;
import io.trainaudit.tables.TrainingSnapshots;
import io.trainaudit.tables.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-training gate through the real command line, on a generated candidate with planted
 * violations: refused in both opt-out modes with an exclusion table equal to the generator's ground
 * truth for that snapshot (and its planted invalid rows); cleared after the training pipeline's
 * anti-join; its clearance verified against the table, and refused once tampered with; the next
 * nightly audit telling cleared, changed after clearance and never gated apart.
 */
@Tag("e2e")
class GateE2eTest {
  @TempDir static Path dir;
  private static SparkSession spark;
  private static JsonNode planted;
  private static String candidate;

  @BeforeAll
  static void generate() {
    spark = TestSpark.session();
    planted = GeneratedData.generate(dir, 600, 6, 6, 20261130);
    // The late snapshot holds most planted cases, the invalid training rows among them.
    candidate = planted.at("/planted_cases/invalid_rows/snapshot_id").asText();
    for (String mode : List.of("use_time", "collection_time")) {
      GeneratedData.config(dir, mode + ".yaml",
          "output:",
          "  findings: " + mode + "/findings",
          "  audit_runs: " + mode + "/audit_runs",
          "  quarantine: " + mode + "/quarantine",
          "  reports: " + mode + "/reports",
          "  staging: " + mode + "/staging",
          "  gate_runs: " + mode + "/gate_runs",
          "  exclusions: " + mode + "/exclusions",
          "  clearances: " + mode + "/clearances",
          "policy:",
          "  opt_out_mode: " + mode);
    }
    Cli.Outcome keys = Cli.run("keys", "init", "--config", dir.resolve("use_time.yaml").toString());
    assertEquals(0, keys.exitCode(), keys.err());
  }

  @Test
  void aPlantedCandidateIsRefusedExactlyThenClearedAndTheNextAuditTellsCleanFromChanged() throws Exception {
    for (String mode : List.of("use_time", "collection_time")) {
      Cli.Outcome gate = Cli.run("gate", "--config", config(mode), "--snapshot", candidate);
      assertEquals(1, gate.exitCode(), gate.err());
      assertTrue(gate.out().startsWith("EXCLUSIONS NEEDED snapshot " + candidate + " (gate run "), gate.out());
      assertEquals(expectedExclusions(mode), exclusions(mode, latestGateRun(mode)), mode);
      assertTrue(gate.out().contains(String.format("    %-26s %,12d", "INVALID_ROW",
          planted.at("/invalid_rows/training_snapshots").asLong())), gate.out());
    }

    antiJoin(latestGateRun("use_time"));
    Cli.Outcome regate = Cli.run("gate", "--config", config("use_time"), "--snapshot", candidate);
    assertEquals(0, regate.exitCode(), regate.out() + regate.err());
    List<String> lines = regate.out().strip().lines().toList();
    assertTrue(lines.get(0).startsWith("CLEARED snapshot " + candidate), regate.out());
    Path clearance = Path.of(lines.get(lines.size() - 1));
    assertTrue(Files.isRegularFile(clearance), regate.out());
    assertEquals(Set.of(), exclusions("use_time", latestGateRun("use_time")));

    String publicKey = dir.resolve("keys/evidence-signing-key.pub.pem").toString();
    Cli.Outcome verified = Cli.run("verify", clearance.toString(), "--public-key", publicKey, "--snapshot-of",
        config("use_time"));
    assertEquals(0, verified.exitCode(), verified.out() + verified.err());
    assertTrue(verified.out().startsWith("VERIFIED " + clearance + ": clearance of snapshot " + candidate), verified.out());
    assertTrue(verified.out().contains("  rows: the table holds exactly the rows cleared"), verified.out());

    Path tampered = dir.resolve("tampered.clearance.json");
    Files.writeString(tampered, withPayloadEdited(Files.readString(clearance), "\"rows_excluded\":0",
        "\"rows_excluded\":0,\"note\":\"approved\""));
    Cli.Outcome refused = Cli.run("verify", tampered.toString(), "--public-key", publicKey);
    assertEquals(10, refused.exitCode(), refused.out());
    assertEquals("NOT VERIFIED " + tampered + "\n  the signature does not verify with the public key " + publicKey + "\n",
        refused.out());

    Cli.Outcome empty = Cli.run("gate", "--config", config("use_time"), "--snapshot", "no-such-snapshot");
    assertEquals(2, empty.exitCode());
    assertTrue(empty.err().startsWith("audit: Cannot gate snapshot no-such-snapshot: training_snapshots ("), empty.err());

    // A second cleared snapshot (a copy of the cleaned candidate), then one row added to the candidate.
    String copy = candidate + "-copy";
    Dataset<Row> cleaned = training().where(col(TrainingSnapshots.SNAPSHOT_ID).equalTo(lit(candidate)));
    cleaned.withColumn(TrainingSnapshots.SNAPSHOT_ID, lit(copy)).write().format("delta").mode(SaveMode.Append)
        .save(dir.resolve("data/training_snapshots").toString());
    assertEquals(0, Cli.run("gate", "--config", config("use_time"), "--snapshot", copy).exitCode());
    training().where(col(TrainingSnapshots.SNAPSHOT_ID).equalTo(lit(candidate))).limit(1)
        .write().format("delta").mode(SaveMode.Append).save(dir.resolve("data/training_snapshots").toString());
    Cli.Outcome changed = Cli.run("verify", clearance.toString(), "--public-key", publicKey, "--snapshot-of",
        config("use_time"));
    assertEquals(10, changed.exitCode(), changed.out());
    assertTrue(changed.out().contains("rows: the rows of snapshot " + candidate + " changed since the clearance"),
        changed.out());

    Cli.Outcome nightly = Cli.run("run", "--config", config("use_time"));
    assertEquals(1, nightly.exitCode(), nightly.err());
    JsonNode summary = new ObjectMapper().readTree(Files.readString(
        Files.list(dir.resolve("use_time/reports")).findFirst().orElseThrow().resolve("summary.json")));
    Map<String, String> statuses = new TreeMap<>();
    summary.get("snapshots").forEach(s -> statuses.put(s.get("snapshot_id").asText(),
        s.at("/clearance/status").asText()));
    Map<String, String> expected = new TreeMap<>();
    planted.get("snapshots").forEach(s -> expected.put(s.get("snapshot_id").asText(), "never_gated"));
    expected.put(candidate, "changed_after_clearance");
    expected.put(copy, "cleared");
    assertEquals(expected, statuses);
    String report = Files.readString(Files.list(dir.resolve("use_time/reports")).findFirst().orElseThrow()
        .resolve("report.html"));
    assertTrue(report.contains("<th scope=\"row\">" + copy + "</th>"), "the report's clearance table");
    assertTrue(report.contains(">Changed after clearance</td>"), "the report's clearance table");
  }

  /**
   * The generator's ground truth for the candidate, one line per training row with its rules and
   * their severities, and the candidate's invalid training rows, found here by the contract's own
   * definition: a null column or a purpose outside the vocabulary.
   */
  private static Set<String> expectedExclusions(String mode) {
    Map<String, TreeMap<String, String>> byRecord = new TreeMap<>();
    spark.read().format("delta").load(dir.resolve("data/ground_truth/" + mode).toString())
        .where(col(Findings.SNAPSHOT_ID).equalTo(lit(candidate)))
        .collectAsList()
        .forEach(r -> byRecord.computeIfAbsent(r.<String>getAs(Findings.RECORD_ID), k -> new TreeMap<>())
            .put(r.getAs(Findings.RULE_ID), r.getAs(Findings.SEVERITY)));
    Set<String> expected = new TreeSet<>();
    byRecord.forEach((record, rules) -> expected.add(record + "|" + rules.keySet() + "|" + rules.values()));
    Column invalid = col(TrainingSnapshots.PURPOSE).isin(Vocabulary.PURPOSES.toArray()).unary_$bang();
    for (String column : TrainingSnapshots.SCHEMA.columnNames()) {
      invalid = invalid.or(col(column).isNull());
    }
    Dataset<Row> invalidRows = training()
        .where(col(TrainingSnapshots.SNAPSHOT_ID).equalTo(lit(candidate)).and(invalid.or(
            trim(col(TrainingSnapshots.RECORD_ID)).equalTo(lit("")))));
    assertEquals(planted.at("/invalid_rows/training_snapshots").asLong(), invalidRows.count());
    invalidRows.select(TrainingSnapshots.RECORD_ID).distinct().collectAsList().forEach(r -> expected.add(r.getString(0) + "|[" + Exclusions.INVALID_ROW + "]|[" + Exclusions.INVALID
        + "]"));
    return expected;
  }

  /** The exclusion rows one gate run wrote, as lines {@code record|rules|severities}. */
  private static Set<String> exclusions(String mode, String gateRunId) {
    Set<String> lines = new TreeSet<>();
    spark.read().format("delta").load(dir.resolve(mode + "/exclusions").toString())
        .where(col(Exclusions.GATE_RUN_ID).equalTo(lit(gateRunId)))
        .collectAsList()
        .forEach(r -> lines.add(r.getAs(Exclusions.RECORD_ID) + "|" + r.getList(r.fieldIndex(Exclusions.RULE_IDS)) + "|"
            + r.getList(r.fieldIndex(Exclusions.SEVERITIES))));
    return lines;
  }

  private static String latestGateRun(String mode) {
    return spark.read().format("delta").load(dir.resolve(mode + "/gate_runs").toString())
        .orderBy(col(GateRuns.ENDED_AT).desc()).first().getAs(GateRuns.GATE_RUN_ID);
  }

  /** The training pipeline's step: the rows the gate run excluded, deleted from the candidate, null-safe, in one commit. */
  private static void antiJoin(String gateRunId) {
    Dataset<Row> excluded = spark.read().format("delta").load(dir.resolve("use_time/exclusions").toString())
        .where(col(Exclusions.GATE_RUN_ID).equalTo(lit(gateRunId)));
    DeltaTable.forPath(spark, dir.resolve("data/training_snapshots").toString()).as("t")
        .merge(excluded.as("e"), col("t.snapshot_id").equalTo(col("e.snapshot_id"))
            .and(col("t.record_id").eqNullSafe(col("e.record_id"))))
        .whenMatched().delete()
        .execute();
  }

  private static Dataset<Row> training() {
    return spark.read().format("delta").load(dir.resolve("data/training_snapshots").toString());
  }

  /** The envelope with its statement edited, the signature left as it was. */
  private static String withPayloadEdited(String envelope, String from, String to) throws Exception {
    JsonNode root = new ObjectMapper().readTree(envelope);
    String statement = new String(Base64.getDecoder().decode(root.get("payload").asText()), StandardCharsets.UTF_8);
    assertTrue(statement.contains(from), statement);
    String payload = Base64.getEncoder().encodeToString(statement.replace(from, to).getBytes(StandardCharsets.UTF_8));
    return envelope.replace(root.get("payload").asText(), payload);
  }

  private static String config(String mode) {
    return dir.resolve(mode + ".yaml").toString();
  }
}
