package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.tables.AuditRuns;
import io.trainaudit.tables.InputTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs over nights: findings keep their id, are retracted when corrected evidence clears them,
 * a past run is reproduced after the inputs changed, a backfill re-audits chosen snapshots, a
 * second run (another JVM, another staging folder) is refused while one holds the outputs, and a
 * run stalled past its lease is taken over and writes nothing more.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NightlyE2eTest {
  private static final String CAP = "2026-03-01T00:00:00Z";

  @TempDir static Path dir;
  private static final SparkSession spark = TestSpark.session();
  private static String night1;
  private static String night2;

  @Test
  @Order(1)
  void nightOneFindsTheOptedOutMember() throws Exception {
    InputFixture f = new InputFixture();
    for (String m : List.of("m1", "m2")) {
      f.member(m, "1990-01-01", null).region(m, "US", "2020-01-01T00:00:00Z");
    }
    f.record("r1", "m1", "post", "2025-02-01T00:00:00Z", null).visibility("r1", "public", "2025-02-01T00:00:00Z")
        .record("r2", "m2", "post", "2025-02-01T00:00:00Z", null).visibility("r2", "public", "2025-02-01T00:00:00Z")
        .consent("e1", "m1", "generative_ai_setting", true, "2025-01-01T00:00:00Z")
        .training("s1", CAP, "generative", "internal", "r1", "m1")
        .training("s1", CAP, "generative", "internal", "r2", "m2")
        .training("s2", CAP, "non_generative", "internal", "r2", "m2");
    f.write(spark, dir.resolve("data"));
    Files.writeString(dir.resolve("audit.yaml"), "policy: {opt_out_mode: use_time}\n");

    assertEquals(1, run("--full").exitCode());
    night1 = latestRunId();
    assertEquals(List.of("OPT_OUT_GENERATIVE|s1|r1|open|" + night1 + "|" + night1 + "|null"), findings());
  }

  @Test
  @Order(2)
  void nightTwoRetractsTheCorrectedFindingAndFindsTheLateOptOut() throws Exception {
    DeltaTable.forPath(spark, dir.resolve("data/consent_events").toString()).delete("event_id = 'e1'");
    new InputFixture().consent("e2", "m2", "objection_generative", true, "2025-06-01T00:00:00Z")
        .append(spark, InputTable.CONSENT_EVENTS, dir.resolve("data/consent_events"));

    assertEquals(1, run("--full").exitCode());
    night2 = latestRunId();
    assertEquals(List.of(
        "OPT_OUT_GENERATIVE|s1|r1|retracted|" + night1 + "|" + night1 + "|" + night2,
        "OPT_OUT_GENERATIVE|s1|r2|open|" + night2 + "|" + night2 + "|null"), findings());
  }

  @Test
  @Order(3)
  void aPastRunIsReproducedFromTheVersionsItRecorded() {
    Cli.Outcome first = Cli.run("reproduce", "--run", night1, "--config", dir.resolve("audit.yaml").toString());
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.out().startsWith("REPRODUCED (run " + night1 + ")"), first.out());
    assertTrue(first.out().contains("consent_events=0"), first.out());
    Cli.Outcome latest = Cli.run("reproduce", "--run", "latest", "--config", dir.resolve("audit.yaml").toString());
    assertEquals(0, latest.exitCode(), latest.err());
    assertTrue(latest.out().startsWith("REPRODUCED (run " + night2 + ")"), latest.out());
  }

  @Test
  @Order(4)
  void aBackfillReauditsOnlyTheChosenSnapshots() {
    Cli.Outcome backfill = run("--snapshots", "s2");
    assertEquals(0, backfill.exitCode(), backfill.err());
    Row recorded = runs().where("mode = 'snapshots'").first();
    assertEquals(List.of("s2"), recorded.getList(recorded.fieldIndex(AuditRuns.SNAPSHOTS)));
    assertEquals(List.of(
        "OPT_OUT_GENERATIVE|s1|r1|retracted|" + night1 + "|" + night1 + "|" + night2,
        "OPT_OUT_GENERATIVE|s1|r2|open|" + night2 + "|" + night2 + "|null"), findings());

    Cli.Outcome unknown = run("--snapshots", "s2,s9");
    assertEquals(2, unknown.exitCode());
    assertEquals("audit: Cannot audit the selected snapshots: [s9] not found in training_snapshots\n", unknown.err());
  }

  @Test
  @Order(5)
  void aSecondRunOnTheSameOutputsIsRefusedWhateverItsStagingFolder() throws Exception {
    Path other = config("other.yaml", "output: {staging: out/staging-other}");
    Process child = startRun(other);
    try {
      LineWatcher log = LineWatcher.watch("the first run", child.getErrorStream(), dir.resolve("first-run.log"));
      String childRun = runIdOf(log.await(line -> line.contains("] lease taken "), 1, Duration.ofMinutes(2)));
      signal("STOP", child);
      Cli.Outcome refused = run("--full");
      assertEquals(7, refused.exitCode(), refused.err());
      assertTrue(refused.err().startsWith("audit: Cannot start the audit: another run is in progress on these outputs"
          + " (run " + childRun + " by process " + child.pid() + " on host "), refused.err());
      signal("CONT", child);
      assertTrue(child.waitFor(2, TimeUnit.MINUTES));
      assertEquals(1, child.exitValue(), log.output());
    } finally {
      ChildJvm.kill(child);
    }
    assertEquals(1, run("--full").exitCode());
  }

  @Test
  @Order(6)
  void aRunStalledPastItsLeaseIsTakenOverAndWritesNothingMore() throws Exception {
    Path shortLease = config("short-lease.yaml", "output: {staging: out/staging-stalled, lease_seconds: 10}");
    Process child = startRun(shortLease);
    try {
      LineWatcher log = LineWatcher.watch("the stalled run", child.getErrorStream(), dir.resolve("stalled-run.log"));
      String stalled = runIdOf(log.await(line -> line.contains("] lease taken "), 1, Duration.ofMinutes(2)));
      signal("STOP", child);
      awaitLeaseExpiry(stalled);
      assertEquals(1, run("--full").exitCode());
      String takeover = latestRunId();
      List<String> after = findings();

      signal("CONT", child);
      assertTrue(child.waitFor(2, TimeUnit.MINUTES));
      assertEquals(7, child.exitValue(), log.output());
      assertTrue(log.output().contains("audit: Cannot finish run " + stalled + ": it lost its lease on the outputs"),
          log.output());
      assertEquals("abandoned", runs().where("run_id = '" + stalled + "'").first().getAs(AuditRuns.STATUS));
      assertEquals("succeeded", runs().where("run_id = '" + takeover + "'").first().getAs(AuditRuns.STATUS));
      assertEquals(after, findings());
    } finally {
      ChildJvm.kill(child);
    }
  }

  @Test
  @Order(7)
  void aRunWhoseInputVersionWasVacuumedIsRefused() {
    spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    try {
      DeltaTable.forPath(spark, dir.resolve("data/consent_events").toString()).vacuum(0);
    } finally {
      spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "true");
    }
    Cli.Outcome refused = Cli.run("reproduce", "--run", night1, "--config", dir.resolve("audit.yaml").toString());
    assertEquals(4, refused.exitCode());
    assertTrue(refused.err().startsWith("audit: Cannot read table consent_events (path " + dir.resolve("data/consent_events")
        + ") at version 0: the version is no longer readable (removed by VACUUM or log cleanup?): data file "),
        refused.err());
  }

  /**
   * A config for a run in a JVM of its own, with the settings of the tests' session: these tests
   * are about the lease, and the crash and cluster tests cover Spark's defaults.
   */
  private static Path config(String name, String outputYaml) throws java.io.IOException {
    return Files.writeString(dir.resolve(name), "policy: {opt_out_mode: use_time}\n" + outputYaml + "\n"
        + "spark: {sql.shuffle.partitions: 2, databricks.delta.snapshotPartitions: 2, sql.adaptive.enabled: false,"
        + " sql.codegen.wholeStage: false, sql.codegen.factoryMode: NO_CODEGEN}\n");
  }

  /** A real run in a JVM of its own, on the same outputs as the runs of this JVM. */
  private static Process startRun(Path config) throws java.io.IOException {
    return new ProcessBuilder(ChildJvm.command(
            List.of("-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile")),
            io.trainaudit.cli.AuditCli.class.getName(), List.of("run", "--config", config.toString(), "--full")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** Stops or continues a process, as a long pause (a stalled machine, a GC) would. */
  private static void signal(String signal, Process process) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor());
  }

  /** The run id in a progress line such as {@code [audit run-20260301T...-a1b2c3] lease taken ...}. */
  private static String runIdOf(String progressLine) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[audit (run-[^\\]]+)\\]").matcher(progressLine);
    assertTrue(m.find(), progressLine);
    return m.group(1);
  }

  private static Cli.Outcome run(String... options) {
    String[] args = new String[options.length + 3];
    args[0] = "run";
    args[1] = "--config";
    args[2] = dir.resolve("audit.yaml").toString();
    System.arraycopy(options, 0, args, 3, options.length);
    return Cli.run(args);
  }

  /**
   * Waits out the lease a stopped run holds in audit_runs: stopped, it renews it no more, so the
   * expiry its row records is the last.
   */
  private static void awaitLeaseExpiry(String runId) throws InterruptedException {
    Timestamp until = runs().where("run_id = '" + runId + "'").first().getAs(AuditRuns.LEASE_EXPIRES_AT);
    long left = until.getTime() - System.currentTimeMillis();
    if (left >= 0) {
      TimeUnit.MILLISECONDS.sleep(left + 1);
    }
  }

  private static org.apache.spark.sql.Dataset<Row> runs() {
    return spark.read().format("delta").load(dir.resolve("out/audit_runs").toString());
  }

  private static String latestRunId() {
    return runs().orderBy(org.apache.spark.sql.functions.col(AuditRuns.STARTED_AT).desc()).first()
        .getAs(AuditRuns.RUN_ID);
  }

  private static List<String> findings() {
    return GeneratedData.lifecycle(spark, dir.resolve("out/findings"));
  }

}
