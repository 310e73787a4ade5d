package io.trainaudit.cli;

import io.trainaudit.ErrorCode;
import io.trainaudit.Errors;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.evidence.PackageVerifier;
import io.trainaudit.evidence.PackageVerifier.Verification;
import io.trainaudit.evidence.Trust;
import io.trainaudit.gate.Clearance;
import io.trainaudit.gate.ClearanceVerifier;
import io.trainaudit.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code audit verify}: check an evidence package's signer, signature, digests, file set and chain
 * link; or a gate's clearance file: its signer, signature and, against a configuration, the rows.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Check an evidence package: that no entry is a link, the attestation's Ed25519 signature, the"
        + " SHA-256 of every file, that the files are exactly the manifest's and its tier's, the chain link to the"
        + " previous package when given, and that the signer is trusted: its key given with --public-key or its"
        + " fingerprint pinned in a --trust file. Given a clearance file of bin/audit gate instead, check its"
        + " signature and signer the same way and, with --snapshot-of, that the snapshot's rows now in the table"
        + " have the digest it signed. Exit 0: verified; 10: not verified (each problem is named);"
        + " 11: intact, but the signer is not trusted (its fingerprint is printed).")
public final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR|FILE", description = "The package folder, or a clearance file.")
  Path dir;

  @Option(names = "--public-key", paramLabel = "FILE",
      description = "The signer's public key (PEM), as received from the controller, not the package's own copy.")
  Path publicKey;

  @Option(names = "--trust", paramLabel = "FILE",
      description = "A trust file the regulator keeps: one pinned key fingerprint (sha256:HEX) per line, # comments.")
  Path trust;

  @Option(names = "--previous", paramLabel = "DIR", description = "The previous package, to check the chain link.")
  Path previous;

  @Option(names = "--snapshot-of", paramLabel = "CONFIG",
      description = "With a clearance: the audit configuration whose training_snapshots must hold exactly the rows"
          + " the clearance signed (their digest is recomputed from the table now).")
  Path snapshotOf;

  @Override
  public Integer call() {
    Path folder = dir.toAbsolutePath().normalize();
    Trust trusted = Trust.of(publicKey == null ? null : publicKey.toAbsolutePath(),
        trust == null ? null : trust.toAbsolutePath());
    if (Files.isRegularFile(folder)) {
      return clearance(folder, trusted);
    }
    if (snapshotOf != null) {
      throw Errors.snapshotOfAPackage(folder);
    }
    Verification result = PackageVerifier.verify(folder, trusted,
        previous == null ? null : previous.toAbsolutePath().normalize());
    if (result.outcome() == PackageVerifier.Outcome.NOT_VERIFIED) {
      System.out.println("NOT VERIFIED " + folder);
      result.problems().forEach(p -> System.out.println("  " + p));
      return ErrorCode.NOT_VERIFIED.exitCode();
    }
    boolean verified = result.outcome() == PackageVerifier.Outcome.VERIFIED;
    System.out.println((verified ? "VERIFIED " : "INTACT, SIGNER NOT TRUSTED ") + folder + ": run "
        + result.manifest().runId() + ", " + String.join(",", result.manifest().jurisdiction()) + ", "
        + result.manifest().tier() + " tier, " + result.manifest().files().size() + " files");
    System.out.println("  signer: " + result.signer() + ", " + (verified ? result.trustedBy()
        : "neither given with --public-key nor pinned in a trust file (--trust FILE)"));
    System.out.println("  chain: " + (result.chainCheckedAgainst() == null ? "not checked (no --previous)"
        : "checked against " + result.chainCheckedAgainst()));
    return verified ? 0 : ErrorCode.SIGNER_NOT_TRUSTED.exitCode();
  }

  private int clearance(Path file, Trust trusted) {
    if (previous != null) {
      throw Errors.previousOfAClearance(file);
    }
    ClearanceVerifier.Verification result;
    if (snapshotOf == null) {
      result = ClearanceVerifier.verify(file, trusted);
    } else {
      AuditConfig config = ConfigLoader.load(snapshotOf);
      result = ClearanceVerifier.verify(file, trusted, SparkSessions.create(config.spark(), "trainaudit verify"), config);
    }
    if (result.outcome() == ClearanceVerifier.Outcome.NOT_VERIFIED) {
      System.out.println("NOT VERIFIED " + file);
      result.problems().forEach(p -> System.out.println("  " + p));
      return ErrorCode.NOT_VERIFIED.exitCode();
    }
    boolean verified = result.outcome() == ClearanceVerifier.Outcome.VERIFIED;
    Clearance.Facts facts = result.facts();
    System.out.println((verified ? "VERIFIED " : "INTACT, SIGNER NOT TRUSTED ") + file + ": clearance of snapshot "
        + facts.snapshotId() + ", " + facts.rows() + " rows, gate run " + facts.gateRunId() + ", evaluated at "
        + facts.evaluatedAt());
    System.out.println("  signer: " + result.signer() + ", " + (verified ? result.trustedBy()
        : "neither given with --public-key nor pinned in a trust file (--trust FILE)"));
    System.out.println("  rows: " + (result.rows() == null ? "not checked (no --snapshot-of)"
        : "the table holds exactly the rows cleared (training_snapshots version " + result.rows().tableVersion()
            + ", digest " + result.rows().sha256() + ")"));
    return verified ? 0 : ErrorCode.SIGNER_NOT_TRUSTED.exitCode();
  }
}
