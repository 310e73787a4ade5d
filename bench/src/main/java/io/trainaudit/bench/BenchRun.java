package io.trainaudit.bench;

import io.trainaudit.generate.SyntheticDataGenerator;
import io.trainaudit.tables.InputTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One scale's benchmark: the data (generated once and kept), then each contender measured
 * {@code runs} times in fresh JVMs, interleaved so that a noisy minute hurts all of them alike, then
 * the incremental night, and the checks that every engine found exactly the same findings.
 */
final class BenchRun {
  private static final String GROUND_TRUTH_MODE = "use_time";

  /** How to run: the scale, runs per contender, the memory every engine gets, and where to work. */
  record Settings(Scale scale, int runs, String heap, int cores, Path work, String command) {
    Settings {
      if (runs < 1) {
        throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
      }
      if (!heap.matches("[0-9]+[gG]")) {
        throw new IllegalArgumentException("--heap must be whole gibibytes such as 4g, got " + heap);
      }
    }

    /** DuckDB's {@code memory_limit} equal to the Spark heap. */
    String duckDbMemory() {
      return heap.substring(0, heap.length() - 1) + "GiB";
    }
  }

  private final Settings settings;
  private final Path root;
  private final Path data;
  private final Path logs;

  BenchRun(Settings settings) {
    this.settings = settings;
    this.root = settings.work().resolve(settings.scale().label());
    this.data = root.resolve("data");
    this.logs = root.resolve("logs");
  }

  ScaleResults run() {
    PhaseResult generation = generated();
    Path files = root.resolve("files.json");
    Path base = config("base", data, root.resolve("runs/unused"));
    child(Phases.LIST_FILES, "list-files", Map.of("config", base.toString(), "out", files.toString()));
    Path night = root.resolve("night");
    PhaseResult nightFacts = child(Phases.PREPARE_NIGHT, "prepare-night",
        Map.of("data", data.toString(), "night", night.toString()));

    Map<String, List<PhaseResult>> timings = new LinkedHashMap<>();
    for (String contender : ScaleResults.CONTENDERS) {
      timings.put(contender, new ArrayList<>());
    }
    for (int run = 1; run <= settings.runs(); run++) {
      Path runs = root.resolve("runs");
      Path full = fresh(runs.resolve("audit-full-" + run));
      timings.get(ScaleResults.SCAN).add(child(Phases.SCAN, "scan-" + run, Map.of("config", base.toString())));
      timings.get(ScaleResults.AUDIT_FULL).add(child(Phases.AUDIT_FULL, "audit-full-" + run,
          Map.of("config", config("audit-full-" + run, data, full.resolve("out")).toString())));
      timings.get(ScaleResults.NAIVE).add(child(Phases.NAIVE, "naive-" + run, Map.of("config", base.toString(),
          "out", fresh(runs.resolve("naive-" + run)).resolve("findings").toString())));
      timings.get(ScaleResults.DUCKDB).add(duckDb("duckdb-" + run, base, files, runs.resolve("duckdb-" + run)));
    }
    Path fullOut = root.resolve("runs/audit-full-1/out");
    List<Check> checks = new ArrayList<>();
    checks.add(compare("full audit = generator's ground truth", fullOut, Map.of("ground_truth",
        SyntheticDataGenerator.GROUND_TRUTH_DIR + "/" + GROUND_TRUTH_MODE)));
    checks.add(compare("full audit = naive Spark SQL", fullOut,
        Map.of("parquet", root.resolve("runs/naive-1/findings").toString())));
    checks.add(compare("full audit = DuckDB", fullOut,
        Map.of("parquet", root.resolve("runs/duckdb-1/findings.parquet").toString())));

    for (int run = 1; run <= settings.runs(); run++) {
      Path dir = fresh(root.resolve("runs/audit-incremental-" + run));
      Path nightData = dir.resolve("data");
      copy(data, nightData, SyntheticDataGenerator.GROUND_TRUTH_DIR);
      copy(fullOut, dir.resolve("out"), "staging");
      child(Phases.APPLY_NIGHT, "apply-night-" + run, Map.of("night", night.toString(), "data", nightData.toString()));
      Path config = config("audit-incremental-" + run, nightData, dir.resolve("out"));
      timings.get(ScaleResults.AUDIT_INCREMENTAL).add(child(Phases.AUDIT_INCREMENTAL, "audit-incremental-" + run,
          Map.of("config", config.toString())));
      if (run == 1) {
        Path nightFiles = dir.resolve("files.json");
        child(Phases.LIST_FILES, "list-files-night", Map.of("config", config.toString(), "out", nightFiles.toString()));
        duckDb("duckdb-night", config, nightFiles, dir.resolve("duckdb"));
        checks.add(compare("incremental audit after the night = DuckDB on all data", dir.resolve("out"),
            Map.of("parquet", dir.resolve("duckdb/findings.parquet").toString())));
      }
    }
    return new ScaleResults(settings.scale().label(), Instant.now(), settings.command(), Machine.current(),
        settings.heap(), dataFacts(generation, nightFacts), generation, timings, checks);
  }

  private PhaseResult generated() {
    Path manifest = SyntheticDataGenerator.plantedManifestPath(data);
    Path saved = logs.resolve("generate.json");
    if (Files.exists(manifest) && Files.exists(saved)) {
      System.out.println("bench: reusing the data in " + data);
      return Phases.Json.read(saved, new com.fasterxml.jackson.core.type.TypeReference<>() {});
    }
    deleteTree(data);
    return child(Phases.GENERATE, "generate", Map.of("data", data.toString(), "scale", settings.scale().label()));
  }

  private PhaseResult duckDb(String name, Path config, Path files, Path dir) {
    fresh(dir);
    return child(Phases.DUCKDB, name, Map.of("config", config.toString(), "files", files.toString(),
        "threads", String.valueOf(settings.cores()), "memory", settings.duckDbMemory(),
        "temp", dir.resolve("tmp").toString(), "out", dir.resolve("findings.parquet").toString()));
  }

  private Check compare(String name, Path auditOut, Map<String, String> other) {
    Map<String, String> values = new LinkedHashMap<>(other);
    values.computeIfPresent("ground_truth", (key, relative) -> data.resolve(relative).toString());
    values.put("findings", auditOut.resolve("findings").toString());
    return Check.of(name, child(Phases.COMPARE, "compare-" + name.replaceAll("[^A-Za-z0-9]+", "-"), values));
  }

  private PhaseResult child(Phases phase, String name, Map<String, String> values) {
    return ChildPhase.run(phase, settings.heap(), logs, name, values);
  }

  /** A configuration with the default policy over the tables in {@code tables} and outputs in {@code out}. */
  private Path config(String name, Path tables, Path out) {
    StringBuilder yaml = new StringBuilder("tables:\n");
    for (InputTable table : InputTable.values()) {
      yaml.append("  ").append(table.tableName()).append(": ").append(tables.resolve(table.tableName())).append('\n');
    }
    yaml.append("output:\n");
    for (String output : List.of("findings", "audit_runs", "quarantine", "reports", "staging")) {
      yaml.append("  ").append(output).append(": ").append(out.resolve(output)).append('\n');
    }
    Path file = root.resolve("configs").resolve(name + ".yaml");
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  private Map<String, Object> dataFacts(PhaseResult generation, PhaseResult night) {
    Map<String, Object> facts = new LinkedHashMap<>(generation.facts());
    for (InputTable table : InputTable.values()) {
      facts.put("bytes." + table.tableName(), size(data.resolve(table.tableName())));
    }
    facts.putAll(night.facts());
    return facts;
  }

  private static Path fresh(Path dir) {
    deleteTree(dir);
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + dir, e);
    }
  }

  /** Copies a tree of Delta tables (their paths inside the log are relative), leaving out {@code skipped}. */
  private static void copy(Path from, Path to, String skipped) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path relative = from.relativize(source);
        if (!relative.toString().isEmpty() && relative.getName(0).toString().equals(skipped)) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + from + " to " + to, e);
    }
  }

  private static long size(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot measure " + dir, e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }
}
