package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainaudit.TestSpark;
import io.trainaudit.cli.AuditCli;
import io.trainaudit.tables.AuditRuns;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.Quarantine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL in the middle of writing its outputs, as a real child process; the
 * next run rolls its writes back and completes as if it had never happened.
 */
@Tag("e2e")
class CrashRecoveryE2eTest {
  @TempDir Path dir;

  @Test
  void aRunKilledMidWriteLeavesNoTraceAfterTheNextRun() throws Exception {
    SparkSession spark = TestSpark.session();
    GeneratedData.shared(dir);
    Path config = GeneratedData.config(dir, "audit.yaml", "policy: {opt_out_mode: use_time}");

    Process child = startRun(config);
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

  private Process startRun(Path config) throws Exception {
    List<String> command = ChildJvm.command(
        List.of("-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile")),
        AuditCli.class.getName(), List.of("run", "--config", config.toString(), "--full"));
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
