package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.cli.AuditCli;
import io.trainaudit.tables.AuditRuns;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.Quarantine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL in the middle of writing its outputs, as a real child process; the
 * next run rolls its writes back and completes as if it had never happened: a full audit, and a
 * nightly run compared with the same night left uninterrupted on a copy of the tables.
 */
@Tag("e2e")
class CrashRecoveryE2eTest {
  /** Session settings for a few rows, so that the child JVM of the nightly case starts its work fast. */
  private static final String SMALL = "spark: {sql.shuffle.partitions: 2, databricks.delta.snapshotPartitions: 2}";

  @TempDir Path dir;

  @Test
  void aRunKilledMidWriteLeavesNoTraceAfterTheNextRun() throws Exception {
    SparkSession spark = TestSpark.session();
    GeneratedData.shared(dir);
    Path config = GeneratedData.config(dir, "audit.yaml", "policy: {opt_out_mode: use_time}");

    Process child = startRun(config, "--full");
    String killedAt = killAfter(child, "quarantine");
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    assertEquals(137, child.exitValue(), "killed by SIGKILL after '" + killedAt + "'");
    String killedRun = onlyRun(spark, "running");

    Cli.Outcome rerun = Cli.run("run", "--config", config.toString(), "--full");
    assertEquals(1, rerun.exitCode(), rerun.err());

    List<Row> runs = spark.read().format("delta").load(dir.resolve("out/audit_runs").toString())
        .orderBy(AuditRuns.STARTED_AT).collectAsList();
    assertEquals(2, runs.size());
    assertEquals(killedRun, runs.get(0).getAs(AuditRuns.RUN_ID));
    assertEquals("abandoned", runs.get(0).getAs(AuditRuns.STATUS));
    String rerunId = runs.get(1).getAs(AuditRuns.RUN_ID);
    assertEquals("succeeded", runs.get(1).getAs(AuditRuns.STATUS));

    Set<String> expected = keys(spark.read().format("delta").load(dir.resolve("data/ground_truth/use_time").toString()));
    Set<String> found = keys(spark.read().format("delta").load(dir.resolve("out/findings").toString()));
    assertEquals(expected, found);
    assertEquals(Set.of(rerunId), distinct(spark, "out/findings", Findings.FIRST_RUN_ID));
    assertEquals(Set.of(rerunId), distinct(spark, "out/quarantine", Quarantine.AUDIT_RUN_ID));
    assertTrue(!Files.exists(dir.resolve("out/reports").resolve(killedRun)), "the killed run's report folder remains");
  }

  /**
   * A nightly run killed once its findings are merged, before its model impact and its run record:
   * the next run rolls the merge back, audits the night again, and leaves the findings and the
   * model impact exactly as the same night leaves them when nothing interrupts it.
   */
  @Test
  void aNightlyRunKilledAfterItsMergeEndsAsTheUninterruptedNightDoes() throws Exception {
    SparkSession spark = TestSpark.session();
    new InputFixture()
        .member("m1", "1990-01-01", null).region("m1", "US", "2020-01-01T00:00:00Z")
        .member("m2", "1990-01-01", null).region("m2", "US", "2020-01-01T00:00:00Z")
        .record("r1", "m1", "post", "2025-06-01T00:00:00Z", null).visibility("r1", "public", "2025-06-01T00:00:00Z")
        .record("r2", "m2", "post", "2025-06-01T00:00:00Z", "2025-12-01T00:00:00Z")
        .visibility("r2", "public", "2025-06-01T00:00:00Z")
        .training("s1", "2026-01-01T00:00:00Z", "generative", "internal", "r1", "m1")
        .training("s1", "2026-01-01T00:00:00Z", "generative", "internal", "r2", "m2")
        .modelTraining("model-a", "v1", "s1", "2026-01-05T00:00:00Z", null)
        .write(spark, dir.resolve("data"));
    Path config = GeneratedData.config(dir, "audit.yaml", "policy: {opt_out_mode: use_time}", SMALL);
    Cli.Outcome full = Cli.run("run", "--config", config.toString(), "--full");
    assertEquals(1, full.exitCode(), full.err());
    String fullRun = onlyRun(spark, "succeeded");

    // The night: a new snapshot, a late opt-out dated before s1's capture, a deletion corrected.
    new InputFixture()
        .training("s2", "2026-02-01T00:00:00Z", "generative", "internal", "r1", "m1")
        .training("s2", "2026-02-01T00:00:00Z", "generative", "internal", "r2", "m2")
        .append(spark, InputTable.TRAINING_SNAPSHOTS, dir.resolve("data/training_snapshots"));
    new InputFixture().consent("e1", "m1", "generative_ai_setting", true, "2025-12-15T00:00:00Z")
        .append(spark, InputTable.CONSENT_EVENTS, dir.resolve("data/consent_events"));
    DeltaTable.forPath(spark, dir.resolve("data/records").toString())
        .updateExpr("record_id = 'r2'", Map.of("deleted_at", "null"));
    Path twin = dir.resolve("twin");
    GeneratedData.copy(dir.resolve("data"), twin.resolve("data"));
    GeneratedData.copy(dir.resolve("out"), twin.resolve("out"));
    Path twinConfig = GeneratedData.config(twin, "audit.yaml", "policy: {opt_out_mode: use_time}", SMALL);
    Cli.Outcome uninterrupted = Cli.run("run", "--config", twinConfig.toString());
    assertEquals(1, uninterrupted.exitCode(), uninterrupted.err());
    String twinNight = latestRun(spark, twin);

    List<String> expected = List.of(
        "DELETED_DATA|s1|r2|retracted|full|full|night",
        "OPT_OUT_GENERATIVE|s1|r1|open|night|night|null",
        "OPT_OUT_GENERATIVE|s2|r1|open|night|night|null");
    Process child = startRun(config);
    String killedAt = killAfter(child, "findings merged");
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    assertEquals(137, child.exitValue(), "killed by SIGKILL after '" + killedAt + "'");
    // The killed run's merge was committed: the next run must take it back, not build on it.
    assertEquals(expected, named(GeneratedData.lifecycle(spark, dir.resolve("out/findings")), fullRun,
        latestRun(spark, dir)));
    Cli.Outcome rerun = Cli.run("run", "--config", config.toString());
    assertEquals(1, rerun.exitCode(), rerun.err());
    String night = latestRun(spark, dir);

    assertEquals(List.of("full succeeded", "night abandoned", "night succeeded"),
        spark.read().format("delta").load(dir.resolve("out/audit_runs").toString())
            .orderBy(AuditRuns.STARTED_AT).collectAsList().stream()
            .map(r -> r.<String>getAs(AuditRuns.MODE).replace("incremental", "night") + " "
                + r.<String>getAs(AuditRuns.STATUS))
            .toList());
    assertEquals(expected, named(GeneratedData.lifecycle(spark, dir.resolve("out/findings")), fullRun, night));
    assertEquals(expected, named(GeneratedData.lifecycle(spark, twin.resolve("out/findings")), fullRun, twinNight));
    assertEquals(named(rows(spark, twin.resolve("out/findings"), null), fullRun, twinNight),
        named(rows(spark, dir.resolve("out/findings"), null), fullRun, night));
    assertEquals(List.of("model-a|v1|OPT_OUT_GENERATIVE|violation|1|1|1|s1|s1|night"),
        named(rows(spark, dir.resolve("out/model_impact"), night), fullRun, night));
    assertEquals(List.of("model-a|v1|OPT_OUT_GENERATIVE|violation|1|1|1|s1|s1|night"),
        named(rows(spark, twin.resolve("out/model_impact"), twinNight), fullRun, twinNight));
  }

  private static String latestRun(SparkSession spark, Path outputsOf) {
    return spark.read().format("delta").load(outputsOf.resolve("out/audit_runs").toString())
        .orderBy(org.apache.spark.sql.functions.col(AuditRuns.STARTED_AT).desc()).first().getAs(AuditRuns.RUN_ID);
  }

  /** Every column of a table's rows (of one run's, by its run_id, if given) as sorted lines. */
  private static List<String> rows(SparkSession spark, Path table, String runId) {
    Dataset<Row> rows = spark.read().format("delta").load(table.toString());
    return (runId == null ? rows : rows.where(org.apache.spark.sql.functions.col("run_id").equalTo(runId)))
        .collectAsList().stream()
        .map(r -> java.util.stream.IntStream.range(0, r.size()).mapToObj(i -> String.valueOf(r.get(i)))
            .collect(Collectors.joining("|")))
        .sorted().toList();
  }

  /** The lines with the two runs' ids written as {@code full} and {@code night}. */
  private static List<String> named(List<String> lines, String fullRun, String night) {
    return lines.stream().map(line -> line.replace(fullRun, "full").replace(night, "night")).toList();
  }

  private Process startRun(Path config, String... options) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--config", config.toString()));
    args.addAll(List.of(options));
    List<String> command = ChildJvm.command(
        List.of("-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile")),
        AuditCli.class.getName(), args);
    return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Reads the child's progress lines and kills it (SIGKILL) as soon as the given phase ends. */
  private static String killAfter(Process child, String phase) throws Exception {
    try (BufferedReader err = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = err.readLine(); line != null; line = err.readLine()) {
        if (line.contains("] " + phase + " ")) {
          child.destroyForcibly();
          return line;
        }
      }
    }
    throw new AssertionError("the child run ended before phase '" + phase + "'");
  }

  private String onlyRun(SparkSession spark, String status) {
    List<Row> runs = spark.read().format("delta").load(dir.resolve("out/audit_runs").toString()).collectAsList();
    assertEquals(1, runs.size());
    assertEquals(status, runs.get(0).getAs(AuditRuns.STATUS));
    return runs.get(0).getAs(AuditRuns.RUN_ID);
  }

  private Set<String> distinct(SparkSession spark, String table, String column) {
    return spark.read().format("delta").load(dir.resolve(table).toString()).select(column).distinct()
        .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
  }

  private static Set<String> keys(org.apache.spark.sql.Dataset<Row> findings) {
    return findings.select(Findings.RULE_ID, Findings.SNAPSHOT_ID, Findings.RECORD_ID).collectAsList().stream()
        .map(r -> r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
