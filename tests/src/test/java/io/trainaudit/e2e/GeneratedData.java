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
 * in {@code DIR} finds them by its defaults and the optional tables it names (and writes its
 * outputs to {@code DIR/out}).
 */
final class GeneratedData {
  private GeneratedData() {}

  /** Generates the input tables and their ground truth under the default policy; returns {@code ground_truth/planted.json}. */
  static JsonNode generate(Path dir, int members, int recordsPerMember, int snapshots, long seed) {
    return generate(dir, members, recordsPerMember, snapshots, seed, null);
  }

  /** As above, the ground truth under the policy of {@code policyConfig} (null: the default policy). */
  static JsonNode generate(Path dir, int members, int recordsPerMember, int snapshots, long seed, Path policyConfig) {
    List<String> args = new java.util.ArrayList<>(List.of("generate", "--out", dir.resolve("data").toString(),
        "--members", String.valueOf(members), "--records-per-member", String.valueOf(recordsPerMember),
        "--snapshots", String.valueOf(snapshots), "--seed", String.valueOf(seed)));
    if (policyConfig != null) {
      args.addAll(List.of("--config", policyConfig.toString()));
    }
    Cli.Outcome generated = Cli.run(args.toArray(String[]::new));
    assertEquals(0, generated.exitCode(), generated.err());
    try {
      return new ObjectMapper().readTree(dir.resolve("data/ground_truth/planted.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code DIR/NAME} with the given YAML lines, naming the optional tables the generator
   * writes, sensitive_contexts and model_trainings (no default names them), unless the lines have a
   * {@code tables:} section; every other key keeps its default.
   */
  static Path config(Path dir, String name, String... yamlLines) {
    List<String> lines = new java.util.ArrayList<>(List.of(yamlLines));
    if (lines.stream().noneMatch(line -> line.startsWith("tables:"))) {
      lines.add(0, "tables: {sensitive_contexts: data/sensitive_contexts, model_trainings: data/model_trainings}");
    }
    try {
      return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
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
