package io.trainaudit.cli;

import io.trainaudit.audit.AuditResult;
import io.trainaudit.audit.Coverage;
import io.trainaudit.notebooks.NotebookExecutor;
import java.io.PrintStream;
import java.util.Locale;

/** How commands tell the operator what a run concluded. */
final class Reporting {
  private Reporting() {}

  static void printRun(AuditResult result) {
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
    out.println("  report:  " + result.summaryFile().resolveSibling(io.trainaudit.report.RunReport.HTML_FILE)
        + " (and " + io.trainaudit.report.RunReport.PDF_FILE + ", " + result.summaryFile().getFileName() + ")");
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
