package io.trainaudit.cli;

import io.trainaudit.Errors;
import io.trainaudit.audit.AuditJob;
import io.trainaudit.audit.AuditResult;
import io.trainaudit.audit.AuditScope;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.report.RunReport;
import io.trainaudit.spark.SparkSessions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit run}: the nightly job. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Audit the training snapshots against every rule and write findings, quarantine, the run record"
        + " and summary.json, then its report. Exit 0: no violation; 1: violations found; 2 and above: the run"
        + " failed (5 also when the run succeeded but its report could not be written).")
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The audit configuration (YAML).")
  Path config;

  @Option(names = "--full", description = "Re-audit every snapshot. Without it (and without --snapshots), a run"
      + " audits the snapshots not audited yet and the rows whose evidence changed since the last run.")
  boolean full;

  @Option(names = "--snapshots", split = ",", paramLabel = "ID",
      description = "Re-audit only these snapshots (a backfill), comma-separated.")
  Set<String> snapshots;

  @Override
  public Integer call() {
    if (full && snapshots != null) {
      throw Errors.fullAndSnapshots();
    }
    AuditConfig loaded = ConfigLoader.load(config);
    SparkSession spark = SparkSessions.create(loaded.spark(), "trainaudit run");
    AuditScope scope = full ? AuditScope.full()
        : snapshots != null ? AuditScope.snapshots(snapshots)
        : AuditScope.sinceLastRun();
    AuditResult result = new AuditJob(spark, loaded, scope).run();
    Optional<RunReport.Written> report = Reporting.writeReport(spark, loaded, result);
    Reporting.printRun(result, report);
    if (loaded.output().notebooks() != null) {
      NotebooksCommand.executeAfterRun(spark, loaded, result);
    }
    return Reporting.exitCode(result, report);
  }
}
