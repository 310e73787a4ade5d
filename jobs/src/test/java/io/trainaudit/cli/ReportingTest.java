package io.trainaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.audit.AuditJob;
import io.trainaudit.audit.AuditResult;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.report.RunReport;
import io.trainaudit.tables.AuditRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report that cannot be written after a run succeeded: the run stands, and the report can be written again. */
@Tag("job")
class ReportingTest {
  @TempDir Path dir;

  @Test
  void aReportThatCannotBeWrittenDoesNotUndoTheAudit() throws Exception {
    SparkSession spark = TestSpark.session();
    new InputFixture()
        .member("m1", "1990-01-01", null).region("m1", "US", "2020-01-01T00:00:00Z")
        .record("r1", "m1", "salary", "2025-01-01T00:00:00Z", null)
        .training("s1", "2026-03-01T00:00:00Z", "generative", "internal", "r1", "m1")
        .write(spark, dir.resolve("data"));
    Path file = Files.writeString(dir.resolve("audit.yaml"), "{}\n");
    AuditConfig config = ConfigLoader.load(file);
    AuditResult result = new AuditJob(spark, config).run();
    // The report's own file cannot be written: its temporary name is taken by a folder.
    Path blocker = Files.createDirectories(config.output().reports().resolve(result.runId()).resolve("report.html.partial"));

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    Optional<RunReport.Written> report;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      report = Reporting.writeReport(spark, config, result);
    } finally {
      System.setErr(original);
    }

    assertEquals(Optional.empty(), report);
    assertEquals(5, Reporting.exitCode(result, report));
    String printed = err.toString(StandardCharsets.UTF_8);
    assertTrue(printed.startsWith("audit: Cannot write the report of run " + result.runId() + ": Cannot write the report "
        + blocker.resolveSibling("report.html") + ": "), printed);
    assertTrue(printed.endsWith("audit: the run itself succeeded and stands (VIOLATIONS_FOUND); write its report again"
        + " with: bin/audit report --run " + result.runId() + " --config " + file + "\n"), printed);
    assertEquals("succeeded", spark.read().format("delta").load(dir.resolve("out/audit_runs").toString())
        .first().getAs(AuditRuns.STATUS));

    Files.delete(blocker);
    assertEquals(0, AuditCli.execute("report", "--run", result.runId(), "--config", file.toString()));
    assertTrue(Files.isRegularFile(blocker.resolveSibling("report.html")));
    assertTrue(Files.isRegularFile(blocker.resolveSibling("report.pdf")));
  }
}
