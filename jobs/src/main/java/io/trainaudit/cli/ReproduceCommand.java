package io.trainaudit.cli;

import io.trainaudit.ErrorCode;
import io.trainaudit.audit.ReproduceJob;
import io.trainaudit.audit.ReproduceJob.Reproduction;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.spark.SparkSessions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit reproduce}: re-derive a past run from the input versions and policy it recorded. */
@Command(
    name = "reproduce",
    mixinStandardHelpOptions = true,
    description = "Re-evaluate a recorded run against the exact Delta versions of its inputs and its recorded"
        + " policy, and say whether the result equals what was recorded. Exit 0: equal; 8: different.")
public final class ReproduceCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, paramLabel = "RUN_ID|latest", description = "The run to reproduce.")
  String runId;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "The configuration locating the tables (its policy is not used: the run's recorded one is).")
  Path config;

  @Override
  public Integer call() {
    AuditConfig loaded = ConfigLoader.load(config);
    Reproduction result =
        new ReproduceJob(SparkSessions.create(loaded.spark(), "trainaudit reproduce"), loaded).reproduce(runId);
    System.out.println((result.reproduced() ? "REPRODUCED" : "DIFFERENT") + " (run " + result.runId() + ")");
    System.out.println("  input versions: " + result.versions());
    System.out.println("  recorded digest:   " + result.recordedDigest());
    System.out.println("  reproduced digest: " + result.digest());
    System.out.println("  recorded by " + result.recordedCodeVersion() + ", reproduced by "
        + io.trainaudit.CodeVersion.get());
    return result.reproduced() ? 0 : ErrorCode.NOT_REPRODUCED.exitCode();
  }
}
