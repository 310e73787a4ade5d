package io.trainaudit.cli;

import io.trainaudit.audit.AuditResult;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.notebooks.NotebookExecutor;
import io.trainaudit.notebooks.NotebookExecutor.Execution;
import io.trainaudit.spark.SparkSessions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit notebooks}: the notebooks executed against the configured tables, with their results. */
@Command(
    name = "notebooks",
    mixinStandardHelpOptions = true,
    description = "Execute every notebook of notebooks/ against the configured tables, as papermill or jupyter"
        + " nbconvert --execute would, and write each as NAME.ipynb with its results and as a standalone NAME.html."
        + " Exit 12 when a cell failed (its notebook shows the error).")
public final class NotebooksCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The audit configuration (YAML).")
  Path config;

  @Option(names = "--member-id", paramLabel = "ID", description = "The member of member_drilldown (default: the"
      + " smallest member id with an open violation, else with any open finding).")
  String memberId;

  @Option(names = "--out", paramLabel = "DIR", description = "Folder to write the executed notebooks into (default:"
      + " <output.reports>/<latest run id>/notebooks, beside the run's report).")
  Path out;

  @Option(names = "--max-rows", defaultValue = "" + NotebookExecutor.DEFAULT_MAX_ROWS, paramLabel = "N",
      description = "Rows of each cell's result written into the notebook; the true count is said under the table"
          + " (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Option(names = "--notebooks", paramLabel = "DIR",
      description = "Execute the .ipynb files of this folder (e.g. edited copies) instead of the shipped notebooks.")
  Path sources;

  @Override
  public Integer call() {
    AuditConfig loaded = ConfigLoader.load(config);
    NotebookExecutor.Request request = new NotebookExecutor.Request(out, memberId, sources, maxRows);
    Execution execution =
        new NotebookExecutor(SparkSessions.create(loaded.spark(), "trainaudit notebooks"), loaded).execute(request);
    Reporting.printNotebooks(execution);
    execution.requireSucceeded();
    return 0;
  }

  /**
   * Executes the notebooks into {@code <output.notebooks>/<run id>/} after a successful run. A
   * failure there is only a warning: the audit's result stands, and so does its exit code.
   */
  static void executeAfterRun(SparkSession spark, AuditConfig config, AuditResult result) {
    try {
      Execution execution = new NotebookExecutor(spark, config)
          .execute(NotebookExecutor.Request.defaults().into(config.output().notebooks().resolve(result.runId())));
      Reporting.printNotebooks(execution);
      execution.requireSucceeded();
    } catch (Exception e) {
      System.err.println("audit: warning: run " + result.runId() + " stands, but its notebooks were not all"
          + " executed: " + e.getMessage());
    }
  }
}
