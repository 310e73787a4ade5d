package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.generate.GeneratorOptions;
import io.trainaudit.tables.Findings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Data sets made by the real {@code generate} command into {@code DIR/data}, where a configuration
 * in {@code DIR} finds them by its defaults and the optional tables it names (and writes its
 * outputs to {@code DIR/out}).
 */
final class GeneratedData {
  /** Each data set generated once per JVM, by its arguments; tests get copies they may change. */
  private static final Map<String, Path> GENERATED = new HashMap<>();

  private GeneratedData() {}

  /**
   * The data set most tests share (300 members, 5 records each, 4 snapshots): generated once per
   * JVM, copied into {@code DIR/data}; returns its {@code ground_truth/planted.json}.
   */
  static JsonNode shared(Path dir) {
    GeneratorOptions shared = sharedOptions(dir.resolve("data"));
    return generate(dir, shared.members(), shared.recordsPerMember(), shared.snapshots(), shared.seed());
  }

  /** The generator's options of the shared data set, written to {@code data}. */
  static GeneratorOptions sharedOptions(Path data) {
    return new GeneratorOptions(data, 300, 5, 4, 20261124);
  }

  /** Generates the input tables and their ground truth under the default policy; returns {@code ground_truth/planted.json}. */
  static JsonNode generate(Path dir, long members, int recordsPerMember, int snapshots, long seed) {
    return generate(dir, members, recordsPerMember, snapshots, seed, null);
  }

  /**
   * As above, the ground truth under the policy of {@code policyConfig} (null: the default policy).
   * The real {@code generate} command writes each distinct data set once; later calls copy it.
   */
  static synchronized JsonNode generate(Path dir, long members, int recordsPerMember, int snapshots, long seed,
      Path policyConfig) {
    try {
      String key = members + "/" + recordsPerMember + "/" + snapshots + "/" + seed + "/"
          + (policyConfig == null ? "" : Files.readString(policyConfig));
      Path source = GENERATED.get(key);
      if (source == null) {
        source = Files.createTempDirectory("trainaudit-e2e-data").resolve("data");
        run(source, members, recordsPerMember, snapshots, seed, policyConfig);
        GENERATED.put(key, source);
        deleteAtExit(source.getParent());
      }
      copy(source, dir.resolve("data"));
      return new ObjectMapper().readTree(dir.resolve("data/ground_truth/planted.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void run(Path out, long members, int recordsPerMember, int snapshots, long seed, Path policyConfig) {
    List<String> args = new ArrayList<>(List.of("generate", "--out", out.toString(),
        "--members", String.valueOf(members), "--records-per-member", String.valueOf(recordsPerMember),
        "--snapshots", String.valueOf(snapshots), "--seed", String.valueOf(seed)));
    if (policyConfig != null) {
      args.addAll(List.of("--config", policyConfig.toString()));
    }
    Cli.Outcome generated = Cli.run(args.toArray(String[]::new));
    assertEquals(0, generated.exitCode(), generated.err());
  }

  /** Delta tables hold relative paths only, so a copy of their folders is the same tables. */
  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static void deleteAtExit(Path dir) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      } catch (IOException e) {
        // a temporary folder left behind
      }
    }));
  }

  /**
   * Writes {@code DIR/NAME} with the given YAML lines, naming the optional tables the generator
   * writes, sensitive_contexts and model_trainings (no default names them), unless the lines have a
   * {@code tables:} section; every other key keeps its default.
   */
  static Path config(Path dir, String name, String... yamlLines) {
    List<String> lines = new ArrayList<>(List.of(yamlLines));
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
