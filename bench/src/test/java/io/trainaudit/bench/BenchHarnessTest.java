package io.trainaudit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.trainaudit.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The harness end to end at the tiny scale, one run of each contender, in this JVM: every engine
 * must find exactly the generator's findings, and the incremental run after the night exactly what
 * DuckDB finds over all the data. How a measured run starts each phase in a JVM of its own is
 * checked once, on a phase that reads nothing.
 */
@Tag("e2e")
class BenchHarnessTest {

  @Test
  void aTinyRunMeasuresEveryContenderAndEveryEngineFindsTheSameFindings(@TempDir Path dir) throws Exception {
    Path resultsDir = dir.resolve("results");
    Path markdown = dir.resolve("RESULTS.md");
    Files.writeString(markdown, ResultsFile.NOTES_MARKER + "\nWhat was tried: kept across runs.\n");
    TestSpark.session();

    int exit = new CommandLine(new BenchCli()).execute("run", "tiny", "--runs", "1", "--in-process",
        "--work", dir.resolve("work").toString(), "--results-dir", resultsDir.toString(),
        "--results-md", markdown.toString());

    assertEquals(0, exit);
    ScaleResults results = Phases.Json.read(resultsDir.resolve("tiny.json"), new TypeReference<>() {});
    // Every contender once, but the fixed night on the 1M history: the reference of larger scales only.
    List<String> contenders = ScaleResults.CONTENDERS.stream().filter(c -> !c.equals(ScaleResults.AUDIT_FIXED_1M))
        .toList();
    assertEquals(contenders, List.copyOf(results.timings().keySet()));
    assertEquals(Collections.nCopies(contenders.size(), 1),
        contenders.stream().map(c -> results.timings().get(c).size()).toList());
    assertEquals(List.of(
            "full audit = generator's ground truth",
            "full audit = naive Spark SQL",
            "full audit = DuckDB",
            "incremental audit after the night and a quiet night = DuckDB on all data",
            "gate of the night's snapshot = the nightly audit's findings of it",
            "incremental audit after the fixed night on the tiny history = DuckDB on all data"),
        results.checks().stream().map(Check::name).toList());
    for (Check check : results.checks()) {
      assertEquals(Map.of("same", true, "only_audit", 0, "only_other", 0),
          Map.of("same", check.passed(), "only_audit", ((Number) check.facts().get("only_audit")).intValue(),
              "only_other", ((Number) check.facts().get("only_other")).intValue()), check.name());
    }
    long training = ((Number) results.data().get("rows.training_snapshots")).longValue();
    assertEquals(training, ((Number) results.timings().get(ScaleResults.SCAN).get(0).facts()
        .get("rows.training_snapshots")).longValue());
    assertEquals(training, ((Number) results.timings().get(ScaleResults.AUDIT_FULL).get(0).facts()
        .get("rows_read")).longValue());
    // The quiet nights, cold and warm: nothing new since the nightly run, nothing read.
    for (String quiet : List.of(ScaleResults.AUDIT_QUIET, ScaleResults.AUDIT_QUIET_WARM)) {
      assertEquals(0L, ((Number) results.timings().get(quiet).get(0).facts().get("rows_read")).longValue(), quiet);
    }

    assertEquals(10_000L, ((Number) results.data().get("fixed_night_training_rows")).longValue());

    String text = Files.readString(markdown);
    assertTrue(text.startsWith("# Benchmark results\n"), text);
    assertTrue(text.contains("## tiny training rows"), text);
    assertTrue(text.contains(" tiny --runs 1` — measured "), text);
    assertTrue(text.contains("| audit / scan | ≤ 3.00 |"), text);
    assertTrue(text.contains("| gate / incremental | ≤ 1.00 |"), text);
    assertTrue(text.contains("| quiet night / full | ≤ 0.15 |"), text);
    assertTrue(text.contains("| quiet night in a warm JVM / full | ≤ 0.15 |"), text);
    assertEquals("exclusions_needed", results.timings().get(ScaleResults.GATE).get(0).facts().get("status"));
    assertTrue(text.endsWith(ResultsFile.NOTES_MARKER + "\nWhat was tried: kept across runs.\n"), text);
  }

  @Test
  void aMeasuredPhaseRunsInAJvmOfItsOwnAndReportsThroughItsResultFile(@TempDir Path dir) {
    Phases.Json.write(dir.resolve("no-checks.json"), List.of());

    PhaseResult outcome = new ChildPhase("1g", dir).run(Phases.CHECKS, "checks", Map.of("checks",
        dir.resolve("no-checks.json").toString()));

    assertEquals(List.of("CHECKS", Map.of()), List.of(outcome.phase(), outcome.facts()));
    assertTrue(outcome.processSeconds() > outcome.seconds(), "the process started before the session");
    assertTrue(outcome.peakRssBytes() > 0);
    assertTrue(Files.exists(dir.resolve("checks.log")));
  }
}
