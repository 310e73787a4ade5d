package io.trainaudit.cli;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.evidence.EvidenceTier;
import io.trainaudit.evidence.ExportJob;
import io.trainaudit.spark.SparkSessions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code audit export}: a signed evidence package of one run for a regulator, public or confidential. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Write the evidence package of a run for the members of some region groups: summary.json and"
        + " summary.pdf (and, in the confidential tier, pseudonymised findings.csv), manifest.json chained to the"
        + " previous package, and attestation.json signed with Ed25519. docs/evidence.md describes the format.")
public final class ExportCommand implements Callable<Integer> {
  @Option(names = "--run", defaultValue = "latest", paramLabel = "RUN_ID|latest",
      description = "The run to export (default: ${DEFAULT-VALUE}, the latest succeeded run).")
  String runId;

  @Option(names = "--jurisdiction", required = true, split = ",", paramLabel = "GROUP",
      description = "Region groups whose members (by their region at capture) the evidence covers, e.g. EU,EEA,CH,UK.")
  List<String> jurisdiction;

  @Option(names = "--tier", defaultValue = "public", paramLabel = "public|confidential",
      converter = TierConverter.class,
      description = "public (default): aggregate summary, small counts suppressed, no row-level file; confidential:"
          + " for the supervisory authority, exact counts and the row-level findings.csv.")
  EvidenceTier tier;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The package folder to create.")
  Path out;

  @Option(names = "--previous", paramLabel = "DIR",
      description = "The previous package of the chain (default: the most recent package beside --out of the same"
          + " jurisdiction and tier, signed with the same key).")
  Path previous;

  @Option(names = "--pseudonym-key-out", paramLabel = "FILE",
      description = "Confidential tier without export.pseudonym_key_file: draw a fresh pseudonym key and write it"
          + " to this new file, readable by its owner only. The key is never printed.")
  Path pseudonymKeyOut;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The audit configuration (YAML).")
  Path config;

  @Override
  public Integer call() {
    AuditConfig loaded = ConfigLoader.load(config);
    ExportJob.Result result = new ExportJob(SparkSessions.create(loaded.spark(), "trainaudit export"), loaded)
        .export(new ExportJob.Request(runId, jurisdiction, tier, out, previous, pseudonymKeyOut));
    System.out.println("EXPORTED run " + result.runId() + ", " + result.tier() + " tier, for "
        + String.join(",", jurisdiction) + " into " + result.dir());
    System.out.println("  findings: " + result.findings());
    System.out.println("  manifest SHA-256: " + result.manifestSha256());
    System.out.println("  chained to: " + (result.previous() == null ? "nothing (first package)" : result.previous()));
    System.out.println("  signer: " + result.signer() + " (public key " + result.publicKeyFile() + ")");
    if (result.pseudonymKeyFile() != null) {
      System.out.println("  pseudonym key: " + (result.pseudonymKeyWritten() ? "drawn for this export into "
          : "read from ") + result.pseudonymKeyFile() + " (not in the package; keep it to re-identify a finding"
          + " on request)");
    }
    return 0;
  }

  /** {@code public} or {@code confidential}, as the manifest spells them. */
  static final class TierConverter implements ITypeConverter<EvidenceTier> {
    @Override
    public EvidenceTier convert(String value) {
      EvidenceTier tier = EvidenceTier.of(value);
      if (tier == null) {
        throw new TypeConversionException("expected public or confidential, got '" + value + "'");
      }
      return tier;
    }
  }
}
