package io.trainaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.trainaudit.TestSpark;
import io.trainaudit.audit.AuditResult;
import io.trainaudit.audit.Coverage;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A nightly run whose notebooks cannot be executed keeps its result: the failure is only a warning. */
@Tag("job")
class NotebooksAfterRunTest {
  @Test
  void aNotebookFailureAfterARunIsAWarningNotAFailure(@TempDir Path dir) {
    AuditConfig config = ConfigLoader.fromYaml("output: {notebooks: nb}\n", dir, "audit.yaml");
    AuditResult result = new AuditResult("run-1", new Coverage(0, 0, 0, 0), List.of(), 1, 0, Map.of(),
        dir.resolve("out/reports/run-1/summary.json"));
    PrintStream originalErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      NotebooksCommand.executeAfterRun(TestSpark.session(), config, result);
    } finally {
      System.setErr(originalErr);
    }
    // here no audit_runs table exists: the executor finds no run to execute the notebooks of
    assertEquals("audit: warning: run run-1 stands, but its notebooks were not all executed: Cannot execute the"
        + " notebooks: no succeeded run in " + dir.toAbsolutePath().normalize().resolve("out/audit_runs")
        + "; run bin/audit run first\n", err.toString(StandardCharsets.UTF_8));
    assertFalse(Files.exists(dir.resolve("nb")), "nothing written");
  }
}
