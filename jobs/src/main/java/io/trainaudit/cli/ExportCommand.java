package io.trainaudit.cli;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.evidence.ExportJob;
import io.trainaudit.spark.SparkSessions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit export}: a signed, pseudonymised evidence package of one run for a regulator. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Write the evidence package of a run for the members of some region groups: summary.json and"
        + " summary.pdf, pseudonymised findings.csv, manifest.json chained to the previous package, and"
        + " attestation.json signed with Ed25519. docs/evidence.md describes the format.")
public final class ExportCommand implements Callable<Integer> {
  @Option(names = "--run", defaultValue = "latest", paramLabel = "RUN_ID|latest",
      description = "The run to export (default: ${DEFAULT-VALUE}, the latest succeeded run).")
  String runId;

  @Option(names = "--jurisdiction", required = true, split = ",", paramLabel = "GROUP",
      description = "Region groups whose members (by their region at capture) the evidence covers, e.g. EU,EEA,CH,UK.")
  List<String> jurisdiction;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The package folder to create.")
  Path out;

  @Option(names = "--previous", paramLabel = "DIR",
      description = "The previous package of the chain (default: the most recent package beside --out, if any).")
  Path previous;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The audit configuration (YAML).")
  Path config;

  @Override
  public Integer call() {
    AuditConfig loaded = ConfigLoader.load(config);
    ExportJob.Result result = new ExportJob(SparkSessions.create(loaded, "trainaudit export"), loaded)
        .export(new ExportJob.Request(runId, jurisdiction, out, previous));
    System.out.println("EXPORTED run " + result.runId() + " for " + String.join(",", jurisdiction) + " into "
        + result.dir());
    System.out.println("  findings: " + result.findings());
    System.out.println("  manifest SHA-256: " + result.manifestSha256());
    System.out.println("  chained to: " + (result.previous() == null ? "nothing (first package)" : result.previous()));
    System.out.println("  verify with the public key " + result.publicKeyFile());
    if (result.pseudonymKeyHex() != null) {
      System.out.println("  pseudonym key (not in the package; keep it to re-identify a finding on request): "
          + result.pseudonymKeyHex());
    }
    return 0;
  }
}
