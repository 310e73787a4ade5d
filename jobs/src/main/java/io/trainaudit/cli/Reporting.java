package io.trainaudit.cli;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.audit.AuditResult;
import io.trainaudit.audit.Coverage;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.report.RunReport;
import io.trainaudit.notebooks.NotebookExecutor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** How commands tell the operator what a run concluded, and write its report. */
final class Reporting {
  private Reporting() {}

  /**
   * Writes the report of a run that succeeded. A report that cannot be written does not undo the
   * audit: the run stands, the error is printed with the command that writes the report again,
   * and the result is empty.
   */
  static Optional<RunReport.Written> writeReport(SparkSession spark, AuditConfig config, AuditResult result) {
    try {
      return Optional.of(new RunReport(spark, config).write(result.runId(), false));
    } catch (Exception e) {
      String cause = e instanceof AuditException ? e.getMessage() : e.toString();
      System.err.println("audit: Cannot write the report of run " + result.runId() + ": " + cause);
      System.err.println("audit: the run itself succeeded and stands (" + result.conclusion() + "); write its"
          + " report again with: bin/audit report --run " + result.runId()
          + (config.source() == null ? "" : " --config " + config.source()));
      return Optional.empty();
    }
  }

  /** The exit code of a run: its verdict, unless its report could not be written. */
  static int exitCode(AuditResult result, Optional<RunReport.Written> report) {
    if (report.isEmpty()) {
      return ErrorCode.IO.exitCode();
    }
    return result.violations() > 0 ? ErrorCode.VIOLATIONS_FOUND : ErrorCode.NO_VIOLATIONS;
  }

  static void printRun(AuditResult result, Optional<RunReport.Written> report) {
    PrintStream out = System.out;
    Coverage c = result.coverage();
    out.println(result.conclusion() + " (run " + result.runId() + ")");
    out.println(String.format(Locale.ROOT,
        "  rows read %,d = audited %,d + quarantined %,d + duplicate %,d, in %d snapshot(s)",
        c.rowsRead(), c.rowsAudited(), c.rowsQuarantined(), c.rowsDuplicate(), result.snapshots().size()));
    out.println(String.format(Locale.ROOT, "  findings: %,d violation(s), %,d unverifiable", result.violations(),
        result.unverifiable()));
    result.findingsByRule().entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> out.println(String.format(Locale.ROOT, "    %-26s %,12d", e.getKey(), e.getValue())));
    Path summary = result.summaryFile();
    out.println(report.map(r -> "  report:  " + r.html() + " (and " + RunReport.PDF_FILE + ", " + summary.getFileName()
        + ")").orElse("  report:  not written (see the error); figures in " + summary));
  }

  static void printNotebooks(NotebookExecutor.Execution execution) {
    PrintStream out = System.out;
    out.println("Notebooks of run " + execution.runId() + " (member " + execution.memberId() + ") in "
        + execution.dir());
    for (NotebookExecutor.Written written : execution.notebooks()) {
      out.println(String.format(Locale.ROOT, "  %-24s %s, %s: %s", written.notebook(), written.ipynb().getFileName(),
          written.html().getFileName(), written.failure() == null
              ? written.cellsRun() + " cells run"
              : "FAILED at cell " + written.failure().cell()));
    }
  }
}
