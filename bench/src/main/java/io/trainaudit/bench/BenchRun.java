package io.trainaudit.bench;

import io.trainaudit.evidence.SigningKeys;
import io.trainaudit.generate.SyntheticDataGenerator;
import io.trainaudit.tables.InputTable;
import com.fasterxml.jackson.core.type.TypeReference;
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
import java.util.Set;
import java.util.stream.Stream;

/**
 * One scale's benchmark: the data (generated once and kept), then each contender measured
 * {@code runs} times in fresh JVMs, interleaved so that a noisy minute hurts all of them alike, then
 * the night: the gate of its new snapshot and the nightly audit after it, and the checks that every
 * engine found exactly the same findings, and the gate what the nightly audit found.
 */
final class BenchRun {
  private static final String GROUND_TRUTH_MODE = "use_time";

  /**
   * How to run: the scale, runs per contender, the memory every engine gets, where to work, and
   * the contenders to measure (empty: all of them).
   */
  record Settings(Scale scale, int runs, String heap, int cores, Path work, String command, Set<String> only) {
    Settings {
      only = Set.copyOf(only);
      for (String contender : only) {
        if (!ScaleResults.CONTENDERS.contains(contender)) {
          throw new IllegalArgumentException("--only names unknown contender '" + contender + "'; expected some of "
              + ScaleResults.CONTENDERS);
        }
      }
      if (runs < 1) {
        throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
      }
      if (!heap.matches("[0-9]+[gG]")) {
        throw new IllegalArgumentException("--heap must be whole gibibytes such as 4g, got " + heap);
      }
    }

    boolean measures(String contender) {
      // The fixed night on the 1M history is the reference of larger scales' fixed night only.
      boolean applies = !contender.equals(ScaleResults.AUDIT_FIXED_1M) || scale.compareTo(Scale.ONE_MILLION) > 0;
      return applies && (only.isEmpty() || only.contains(contender));
    }

    /** The same settings at another scale, for the fixed night alone (checked against DuckDB if this run is). */
    Settings at(Scale other) {
      return new Settings(other, runs, heap, cores, work, command, measures(ScaleResults.DUCKDB)
          ? Set.of(ScaleResults.AUDIT_FIXED, ScaleResults.DUCKDB) : Set.of(ScaleResults.AUDIT_FIXED));
    }

    /** DuckDB's {@code memory_limit} equal to the Spark heap. */
    String duckDbMemory() {
      return heap.substring(0, heap.length() - 1) + "GiB";
    }

    /**
     * DuckDB's {@code memory_limit} for a run that checks findings and is not measured: twice the
     * heap (at 10M, DuckDB over all the data after a night ran out of memory at 4 GiB).
     */
    String duckDbCheckMemory() {
      return 2 * Integer.parseInt(heap.substring(0, heap.length() - 1)) + "GiB";
    }
  }

  private final Settings settings;
  /** The phase runner given (null: child JVMs), for the run on the 1M history a larger scale makes. */
  private final PhaseRunner given;
  private final Path root;
  private final Path data;
  private final Path logs;
  private final PhaseRunner phases;

  /** Each phase in a child JVM of its own, as measurements need. */
  BenchRun(Settings settings) {
    this(settings, null);
  }

  /** Each phase run by {@code phases} (null: in child JVMs). */
  BenchRun(Settings settings, PhaseRunner phases) {
    this.settings = settings;
    this.given = phases;
    this.root = settings.work().resolve(settings.scale().label());
    this.data = root.resolve("data");
    this.logs = root.resolve("logs");
    this.phases = phases == null ? new ChildPhase(settings.heap(), logs) : phases;
  }

  ScaleResults run() {
    PhaseResult generation = generated();
    Path files = root.resolve("files.json");
    Path base = config("base", data, root.resolve("runs/unused"));
    Path night = root.resolve("night");
    PhaseResult nightFacts = child(Phases.PREPARE_NIGHT, "prepare-night", Map.of("config", base.toString(),
        "files", files.toString(), "data", data.toString(), "night", night.toString()));

    Map<String, List<PhaseResult>> timings = new LinkedHashMap<>();
    for (String contender : ScaleResults.CONTENDERS) {
      if (settings.measures(contender)) {
        timings.put(contender, new ArrayList<>());
      }
    }
    // The night's runs start from the outputs of a full audit: with --only, one is run, unmeasured.
    // The quiet nights follow the nightly run: with --only, that one is run, unmeasured.
    boolean nightlyRun = settings.measures(ScaleResults.AUDIT_INCREMENTAL) || settings.measures(ScaleResults.AUDIT_QUIET)
        || settings.measures(ScaleResults.AUDIT_QUIET_WARM);
    boolean nights = nightlyRun || settings.measures(ScaleResults.GATE);
    // The member statement and the fixed night read the outputs of a full audit too.
    boolean fullOutputs = nights || settings.measures(ScaleResults.MEMBER) || settings.measures(ScaleResults.AUDIT_FIXED);
    for (int run = 1; run <= settings.runs(); run++) {
      Path runs = root.resolve("runs");
      if (settings.measures(ScaleResults.SCAN)) {
        timings.get(ScaleResults.SCAN).add(child(Phases.SCAN, "scan-" + run, Map.of("config", base.toString())));
      }
      if (settings.measures(ScaleResults.AUDIT_FULL) || (fullOutputs && run == 1)) {
        Path full = fresh(runs.resolve("audit-full-" + run));
        PhaseResult audit = child(Phases.AUDIT_FULL, "audit-full-" + run,
            Map.of("config", config("audit-full-" + run, data, full.resolve("out")).toString()));
        if (settings.measures(ScaleResults.AUDIT_FULL)) {
          timings.get(ScaleResults.AUDIT_FULL).add(audit);
        }
      }
      if (settings.measures(ScaleResults.NAIVE)) {
        timings.get(ScaleResults.NAIVE).add(child(Phases.NAIVE, "naive-" + run, Map.of("config", base.toString(),
            "out", fresh(runs.resolve("naive-" + run)).resolve("findings").toString())));
      }
      if (settings.measures(ScaleResults.DUCKDB)) {
        timings.get(ScaleResults.DUCKDB).add(duckDb("duckdb-" + run, base, files, runs.resolve("duckdb-" + run)));
      }
    }
    Path fullOut = root.resolve("runs/audit-full-1/out");
    // A member's statement, on the outputs of the first full audit: the member opted out before the last capture.
    for (int run = 1; settings.measures(ScaleResults.MEMBER) && run <= settings.runs(); run++) {
      timings.get(ScaleResults.MEMBER).add(child(Phases.MEMBER, "member-" + run, Map.of(
          "config", root.resolve("configs/audit-full-1.yaml").toString(), "member", plantedMember(),
          "out", fresh(root.resolve("runs/member-" + run)).toString())));
    }
    List<Phases.CheckSpec> checks = new ArrayList<>();
    if (Files.isDirectory(fullOut)) {
      checks.add(compare("full audit = generator's ground truth", fullOut, Map.of("ground_truth",
          SyntheticDataGenerator.GROUND_TRUTH_DIR + "/" + GROUND_TRUTH_MODE)));
    }
    if (settings.measures(ScaleResults.NAIVE)) {
      checks.add(compare("full audit = naive Spark SQL", fullOut,
          Map.of("parquet", root.resolve("runs/naive-1/findings").toString())));
    }
    if (settings.measures(ScaleResults.DUCKDB)) {
      checks.add(compare("full audit = DuckDB", fullOut,
          Map.of("parquet", root.resolve("runs/duckdb-1/findings.parquet").toString())));
    }

    for (int run = 1; nights && run <= settings.runs(); run++) {
      Path dir = fresh(root.resolve("runs/audit-incremental-" + run));
      Path nightData = dir.resolve("data");
      copy(data, nightData, SyntheticDataGenerator.GROUND_TRUTH_DIR);
      copy(fullOut, dir.resolve("out"), "staging");
      Path config = config("audit-incremental-" + run, nightData, dir.resolve("out"));
      // The first night's files, for DuckDB over all the data after it.
      boolean duckDbNight =
          run == 1 && settings.measures(ScaleResults.AUDIT_INCREMENTAL) && settings.measures(ScaleResults.DUCKDB);
      Path nightFiles = dir.resolve("files.json");
      Map<String, String> apply = new LinkedHashMap<>(Map.of("night", night.toString(), "data", nightData.toString()));
      if (duckDbNight) {
        apply.putAll(Map.of("config", config.toString(), "files", nightFiles.toString()));
      }
      child(Phases.APPLY_NIGHT, "apply-night-" + run, apply);
      // The gate of the night's new snapshot, on the same data, before the nightly run that follows it.
      PhaseResult gate = null;
      if (settings.measures(ScaleResults.GATE)) {
        gate = child(Phases.GATE, "gate-" + run, Map.of("config", config.toString(), "snapshot", Night.SNAPSHOT_ID));
        timings.get(ScaleResults.GATE).add(gate);
      }
      if (nightlyRun) {
        PhaseResult nightly = child(Phases.AUDIT_INCREMENTAL, "audit-incremental-" + run,
            Map.of("config", config.toString()));
        if (settings.measures(ScaleResults.AUDIT_INCREMENTAL)) {
          timings.get(ScaleResults.AUDIT_INCREMENTAL).add(nightly);
        }
      }
      if (settings.measures(ScaleResults.AUDIT_QUIET)) {
        timings.get(ScaleResults.AUDIT_QUIET).add(child(Phases.AUDIT_INCREMENTAL, "audit-quiet-night-" + run,
            Map.of("config", config.toString())));
      }
      if (settings.measures(ScaleResults.AUDIT_QUIET_WARM)) {
        timings.get(ScaleResults.AUDIT_QUIET_WARM).add(child(Phases.AUDIT_INCREMENTAL_WARM,
            "audit-quiet-night-warm-" + run, Map.of("config", config.toString())));
      }
      if (duckDbNight) {
        // Checked once every run is done: on the outputs the quiet night, if measured, left.
        duckDbCheck("duckdb-night", config, nightFiles, dir.resolve("duckdb"));
        checks.add(compare("incremental audit after the night"
            + (settings.measures(ScaleResults.AUDIT_QUIET) ? " and a quiet night" : "") + " = DuckDB on all data",
            dir.resolve("out"), Map.of("parquet", dir.resolve("duckdb/findings.parquet").toString())));
      }
      if (run == 1 && gate != null && settings.measures(ScaleResults.AUDIT_INCREMENTAL)) {
        checks.add(new Phases.CheckSpec("gate of the night's snapshot = the nightly audit's findings of it",
            Phases.COMPARE_GATE, Map.of("snapshot", Night.SNAPSHOT_ID,
                "gate_run_id", (String) gate.facts().get("gate_run_id"),
                "exclusions", dir.resolve("out/exclusions").toString(),
                "findings", dir.resolve("out/findings").toString())));
      }
    }
    Map<String, Object> facts = dataFacts(generation, nightFacts);
    if (settings.measures(ScaleResults.AUDIT_FIXED)) {
      timings.get(ScaleResults.AUDIT_FIXED).addAll(fixedNights(fullOut, checks, facts));
    }
    if (settings.measures(ScaleResults.AUDIT_FIXED_1M)) {
      BenchRun reference = new BenchRun(settings.at(Scale.ONE_MILLION), given);
      timings.get(ScaleResults.AUDIT_FIXED_1M).addAll(reference.fixedNights(null, checks, new LinkedHashMap<>()));
    }
    return new ScaleResults(settings.scale().label(), Instant.now(), settings.command(), Machine.current(),
        settings.heap(), facts, generation, timings, checked(checks),
        settings.only().isEmpty() ? null : List.copyOf(timings.keySet()));
  }

  /**
   * The fixed night on this scale's history, {@code runs} times, each on a copy of the data and of
   * a full audit's outputs ({@code fullOut}; null: a full audit is run first, unmeasured): the
   * night's rows applied, then the nightly run, measured. With DuckDB measured, the first night's
   * findings are checked against DuckDB's over all the data.
   */
  private List<PhaseResult> fixedNights(Path fullOut, List<Phases.CheckSpec> checks, Map<String, Object> facts) {
    generated();
    Path base = config("base", data, root.resolve("runs/unused"));
    Path full = fullOut;
    if (full == null) {
      Path dir = fresh(root.resolve("runs/audit-full-1"));
      child(Phases.AUDIT_FULL, "audit-full-1", Map.of("config", config("audit-full-1", data, dir.resolve("out")).toString()));
      full = dir.resolve("out");
    }
    Path night = root.resolve("fixed-night");
    PhaseResult prepared = child(Phases.PREPARE_NIGHT, "prepare-fixed-night", Map.of("config", base.toString(),
        "data", data.toString(), "night", night.toString(), "fixed", "true"));
    prepared.facts().forEach((key, value) -> facts.put("fixed_" + key, value));
    List<PhaseResult> nights = new ArrayList<>();
    for (int run = 1; run <= settings.runs(); run++) {
      String name = "audit-fixed-night-" + run;
      Path dir = fresh(root.resolve("runs/" + name));
      Path nightData = dir.resolve("data");
      copy(data, nightData, SyntheticDataGenerator.GROUND_TRUTH_DIR);
      copy(full, dir.resolve("out"), "staging");
      Path config = config(name, nightData, dir.resolve("out"));
      boolean duckDbNight = run == 1 && settings.measures(ScaleResults.DUCKDB);
      Path nightFiles = dir.resolve("files.json");
      Map<String, String> apply = new LinkedHashMap<>(Map.of("night", night.toString(), "data", nightData.toString()));
      if (duckDbNight) {
        apply.putAll(Map.of("config", config.toString(), "files", nightFiles.toString()));
      }
      child(Phases.APPLY_NIGHT, "apply-fixed-night-" + run, apply);
      nights.add(child(Phases.AUDIT_INCREMENTAL, name, Map.of("config", config.toString())));
      if (duckDbNight) {
        duckDbCheck("duckdb-fixed-night", config, nightFiles, dir.resolve("duckdb"));
        checks.add(compare("incremental audit after the fixed night on the " + settings.scale().label()
            + " history = DuckDB on all data", dir.resolve("out"),
            Map.of("parquet", dir.resolve("duckdb/findings.parquet").toString())));
      }
    }
    return nights;
  }

  /** The first member of the generator's member statements' ground truth (the one opted out before a capture). */
  private String plantedMember() {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(SyntheticDataGenerator.memberStatementsPath(data).toFile()).at("/members/0/member_id").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + SyntheticDataGenerator.memberStatementsPath(data), e);
    }
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
    return duckDb(name, config, files, dir, settings.duckDbMemory());
  }

  /** A DuckDB run that only checks the findings after a night: measured by no contender. */
  private void duckDbCheck(String name, Path config, Path files, Path dir) {
    duckDb(name, config, files, dir, settings.duckDbCheckMemory());
  }

  private PhaseResult duckDb(String name, Path config, Path files, Path dir, String memory) {
    fresh(dir);
    return child(Phases.DUCKDB, name, Map.of("config", config.toString(), "files", files.toString(),
        "threads", String.valueOf(settings.cores()), "memory", memory,
        "temp", dir.resolve("tmp").toString(), "out", dir.resolve("findings.parquet").toString()));
  }

  private Phases.CheckSpec compare(String name, Path auditOut, Map<String, String> other) {
    Map<String, String> values = new LinkedHashMap<>(other);
    values.computeIfPresent("ground_truth", (key, relative) -> data.resolve(relative).toString());
    values.put("findings", auditOut.resolve("findings").toString());
    return new Phases.CheckSpec(name, Phases.COMPARE, values);
  }

  /** Runs every check in one JVM, after the measurements (a check measures nothing). */
  private List<Check> checked(List<Phases.CheckSpec> checks) {
    if (checks.isEmpty()) {
      return List.of();
    }
    Path specs = logs.resolve("checks-spec.json");
    Phases.Json.write(specs, checks);
    PhaseResult results = child(Phases.CHECKS, "checks", Map.of("checks", specs.toString()));
    return checks.stream()
        .map(c -> {
          Map<String, Object> facts =
              Phases.Json.MAPPER.convertValue(results.facts().get(c.name()), new TypeReference<>() {});
          return new Check(c.name(), Boolean.TRUE.equals(facts.get("same")), facts);
        })
        .toList();
  }

  private PhaseResult child(Phases phase, String name, Map<String, String> values) {
    return phases.run(phase, name, values);
  }

  /** A configuration with the default policy over the tables in {@code tables} and outputs in {@code out}. */
  private Path config(String name, Path tables, Path out) {
    StringBuilder yaml = new StringBuilder("tables:\n");
    for (InputTable table : InputTable.values()) {
      yaml.append("  ").append(table.tableName()).append(": ").append(tables.resolve(table.tableName())).append('\n');
    }
    yaml.append("output:\n");
    for (String output : List.of("findings", "audit_runs", "quarantine", "model_impact", "reports", "staging",
        "gate_runs", "exclusions", "clearances")) {
      yaml.append("  ").append(output).append(": ").append(out.resolve(output)).append('\n');
    }
    yaml.append("export:\n  signing_key: ").append(signingKey()).append('\n');
    Path file = root.resolve("configs").resolve(name + ".yaml");
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** The evidence key the gate signs clearances with, created once per scale's work folder. */
  private Path signingKey() {
    Path key = root.resolve("keys/evidence-signing-key.pem");
    if (!Files.exists(key)) {
      SigningKeys.create(key);
    }
    return key;
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
