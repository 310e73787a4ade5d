package io.trainaudit.cli;

import io.trainaudit.ErrorCode;
import io.trainaudit.evidence.PackageVerifier;
import io.trainaudit.evidence.PackageVerifier.Verification;
import io.trainaudit.evidence.Trust;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code audit verify}: check an evidence package's signer, signature, digests, file set and chain link. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Check an evidence package: that no entry is a link, the attestation's Ed25519 signature, the"
        + " SHA-256 of every file, that the files are exactly the manifest's and its tier's, the chain link to the"
        + " previous package when given, and that the signer is trusted: its key given with --public-key or its"
        + " fingerprint pinned in a --trust file. Exit 0: verified; 10: not verified (each problem is named);"
        + " 11: intact, but the signer is not trusted (its fingerprint is printed).")
public final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "The package folder.")
  Path dir;

  @Option(names = "--public-key", paramLabel = "FILE",
      description = "The signer's public key (PEM), as received from the controller, not the package's own copy.")
  Path publicKey;

  @Option(names = "--trust", paramLabel = "FILE",
      description = "A trust file the regulator keeps: one pinned key fingerprint (sha256:HEX) per line, # comments.")
  Path trust;

  @Option(names = "--previous", paramLabel = "DIR", description = "The previous package, to check the chain link.")
  Path previous;

  @Override
  public Integer call() {
    Path folder = dir.toAbsolutePath().normalize();
    Trust trusted = Trust.of(publicKey == null ? null : publicKey.toAbsolutePath(),
        trust == null ? null : trust.toAbsolutePath());
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
}
