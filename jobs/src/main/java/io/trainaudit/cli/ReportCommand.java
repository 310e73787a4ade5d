package io.trainaudit.cli;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.report.RunReport;
import io.trainaudit.spark.SparkSessions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit report}: write a run's report for compliance officers, as HTML and PDF. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Write the report of a run: reports/RUN_ID/report.html (self-contained, with charts) and"
        + " report.pdf. Every run writes it too; this rewrites it, e.g. with --show-member-ids.")
public final class ReportCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, paramLabel = "RUN_ID|latest",
      description = "The run to report; latest: the most recent succeeded run.")
  String runId;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The configuration of the run.")
  Path config;

  @Option(names = "--show-member-ids",
      description = "Show member ids as recorded instead of pseudonyms (keyed hashes drawn for this report).")
  boolean showMemberIds;

  @Override
  public Integer call() {
    AuditConfig loaded = ConfigLoader.load(config);
    RunReport.Written written =
        new RunReport(SparkSessions.create(loaded.spark(), "trainaudit report"), loaded).write(runId, showMemberIds);
    System.out.println("Report of run " + written.runId());
    System.out.println("  html: " + written.html());
    System.out.println("  pdf:  " + written.pdf());
    return 0;
  }
}
