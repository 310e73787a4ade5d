package io.trainaudit.cli;

import io.trainaudit.evidence.PackageVerifier;
import io.trainaudit.evidence.PackageVerifier.Verification;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code audit verify}: check an evidence package's signature, digests, file set and chain link. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Check an evidence package: the attestation's Ed25519 signature, the SHA-256 of every file, that"
        + " the files are exactly the manifest's, and the chain link to the previous package when given."
        + " Exit 0: verified; 1: not verified (each problem is named).")
public final class VerifyCommand implements Callable<Integer> {
  static final int NOT_VERIFIED = 1;

  @Parameters(index = "0", paramLabel = "DIR", description = "The package folder.")
  Path dir;

  @Option(names = "--public-key", paramLabel = "FILE",
      description = "The signer's public key (PEM), as received from the controller; default: the package's copy.")
  Path publicKey;

  @Option(names = "--previous", paramLabel = "DIR", description = "The previous package, to check the chain link.")
  Path previous;

  @Override
  public Integer call() {
    Path folder = dir.toAbsolutePath().normalize();
    Verification result = PackageVerifier.verify(folder, publicKey == null ? null : publicKey.toAbsolutePath(),
        previous == null ? null : previous.toAbsolutePath().normalize());
    if (result.verified()) {
      System.out.println("VERIFIED " + folder + ": run " + result.manifest().runId() + ", "
          + String.join(",", result.manifest().jurisdiction()) + ", " + result.manifest().files().size()
          + " files" + (previous == null ? "" : ", chain link to " + previous + " holds"));
      return 0;
    }
    System.out.println("NOT VERIFIED " + folder);
    result.problems().forEach(p -> System.out.println("  " + p));
    return NOT_VERIFIED;
  }
}
