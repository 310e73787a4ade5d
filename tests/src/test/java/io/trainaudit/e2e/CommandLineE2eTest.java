package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.tables.AuditRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line's contract: help, version, exit codes and the messages of failed runs. */
class CommandLineE2eTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"run", "gate", "reproduce", "report", "export", "verify", "keys", "generate", "demo",
      "notebooks", "member"})
  void everyCommandHasHelp(String command) {
    Cli.Outcome help = Cli.run(command, "--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().startsWith("Usage: audit " + command), help.out());
  }

  @Test
  void theTopLevelHelpListsTheCommandsAndExitCodes() {
    Cli.Outcome help = Cli.run("--help");
    assertEquals(0, help.exitCode());
    for (String expected : List.of("run", "gate", "reproduce", "report", "export", "verify", "keys", "generate",
        "demo", "notebooks", "member",
        "0    the audit found no violation; gate: the snapshot is cleared",
        "1    the audit found violations; gate: rows to exclude", "6    coverage did not reconcile",
        "7    another run is in progress on the same outputs",
        "verify: the package is intact but its signer is not trusted",
        "12   notebooks: a notebook cell failed (its executed notebook shows the error)")) {
      assertTrue(help.out().contains(expected), "help lacks '" + expected + "':\n" + help.out());
    }
  }

  @Test
  void versionNamesTheAuditorAndSpark() {
    Cli.Outcome version = Cli.run("--version");
    assertEquals(0, version.exitCode());
    assertTrue(version.out().startsWith("trainaudit 0.1.0-SNAPSHOT\nSpark 3.5.7, Java 17"), version.out());
  }

  @Test
  void anInvalidConfigurationFailsWithExitCode3BeforeSparkWork() throws Exception {
    Path config = Files.writeString(dir.resolve("bad.yaml"), "policy: {minimum_age: old}\n");
    Cli.Outcome run = Cli.run("run", "--config", config.toString());
    assertEquals(3, run.exitCode());
    assertEquals("audit: Cannot load configuration " + config + ": 1 problem(s)\n  " + config
        + ": policy.minimum_age: expected a whole number of years between 0 and 150, got 'old'\n", run.err());
  }

  @Test
  void aMissingInputTableFailsWithExitCode4NamingIt() throws Exception {
    Path config = Files.writeString(dir.resolve("audit.yaml"), "tables: {records: nowhere/records}\n");
    Cli.Outcome run = Cli.run("run", "--config", config.toString(), "--full");
    assertEquals(4, run.exitCode());
    assertEquals("audit: Cannot audit: table training_snapshots (path " + dir.resolve("data/training_snapshots")
        + ") does not exist\n", run.err());
  }

  @Test
  void aMissingOptionIsAUsageError() {
    Cli.Outcome run = Cli.run("run");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("Missing required option: '--config=FILE'"), run.err());
  }

  @Test
  void aCleanDataSetExitsZeroAndRecordsTheRun() throws Exception {
    InputFixture f = new InputFixture()
        .member("m1", "1990-01-01", null)
        .region("m1", "US", "2020-01-01T00:00:00Z")
        .record("r1", "m1", "post", "2025-01-01T00:00:00Z", null)
        .visibility("r1", "public", "2025-01-01T00:00:00Z")
        .training("s1", "2026-03-01T00:00:00Z", "generative", "internal", "r1", "m1")
        .training("s1", "2026-03-01T00:00:00Z", "generative", "internal", "r1", "m1");
    f.write(TestSpark.session(), dir.resolve("data"));
    Path config = Files.writeString(dir.resolve("audit.yaml"), "policy: {opt_out_mode: use_time}\n");

    Cli.Outcome run = Cli.run("run", "--config", config.toString(), "--full");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("NO_VIOLATIONS (run run-"), run.out());
    assertTrue(run.out().contains("rows read 2 = audited 1 + quarantined 0 + duplicate 1, in 1 snapshot(s)"), run.out());
    Row recorded = TestSpark.session().read().format("delta").load(dir.resolve("out/audit_runs").toString()).first();
    assertEquals("succeeded", recorded.getAs(AuditRuns.STATUS));
    assertEquals("NO_VIOLATIONS", recorded.getAs(AuditRuns.CONCLUSION));
    assertEquals(2L, (long) recorded.getAs(AuditRuns.ROWS_READ));
    assertEquals(List.of("s1"), recorded.getList(recorded.fieldIndex(AuditRuns.SNAPSHOTS)));
    assertEquals(6, recorded.getJavaMap(recorded.fieldIndex(AuditRuns.INPUT_VERSIONS)).size());
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("out/reports")
        .resolve((String) recorded.getAs(AuditRuns.RUN_ID)).resolve("summary.json").toFile());
    assertEquals("NO_VIOLATIONS", summary.get("conclusion").asText());
    assertEquals(1, summary.at("/coverage/rows_audited").asInt());
    assertEquals(0, summary.at("/findings_by_rule/OPT_OUT_GENERATIVE/count").asInt());
    assertEquals(recorded.<String>getAs(AuditRuns.POLICY_HASH), summary.get("policy_hash").asText());
  }
}
