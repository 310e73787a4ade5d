package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.tables.Findings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Data sets made by the real {@code generate} command into {@code DIR/data}, where a configuration
 * in {@code DIR} finds them by its defaults (and writes its outputs to {@code DIR/out}).
 */
final class GeneratedData {
  private GeneratedData() {}

  /** Generates the six tables and their ground truth; returns {@code ground_truth/planted.json}. */
  static JsonNode generate(Path dir, int members, int recordsPerMember, int snapshots, long seed) {
    Cli.Outcome generated = Cli.run("generate", "--out", dir.resolve("data").toString(),
        "--members", String.valueOf(members), "--records-per-member", String.valueOf(recordsPerMember),
        "--snapshots", String.valueOf(snapshots), "--seed", String.valueOf(seed));
    assertEquals(0, generated.exitCode(), generated.err());
    try {
      return new ObjectMapper().readTree(dir.resolve("data/ground_truth/planted.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code DIR/NAME} with the given YAML lines; every other key keeps its default. */
  static Path config(Path dir, String name, String... yamlLines) {
    try {
      return Files.writeString(dir.resolve(name), String.join("\n", yamlLines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The findings table as sorted lines {@code rule|snapshot|record|status|first run|last run|retracting run}. */
  static List<String> lifecycle(SparkSession spark, Path findingsTable) {
    return spark.read().format("delta").load(findingsTable.toString())
        .select(Findings.RULE_ID, Findings.SNAPSHOT_ID, Findings.RECORD_ID, Findings.STATUS, Findings.FIRST_RUN_ID,
            Findings.AUDIT_RUN_ID, Findings.RETRACTED_RUN_ID)
        .collectAsList().stream()
        .map(r -> r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|"
            + r.getString(4) + "|" + r.getString(5) + "|" + r.getString(6))
        .sorted().toList();
  }
}
