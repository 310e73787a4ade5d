package io.trainaudit.evidence;

import io.trainaudit.AuditException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks an evidence package link by link, trusting nothing before it is proven: the public key
 * verifies the attestation's signature; the signed statement fixes the manifest's SHA-256; the
 * manifest fixes every other file's SHA-256 and size and the exact set of files; the manifest's
 * chain link names the previous package's manifest. A broken link stops the check, since nothing
 * after it can be trusted; the file checks all run, so that every changed, missing or extra file is named.
 */
public final class PackageVerifier {
  private PackageVerifier() {}

  /**
   * What a verification concluded.
   *
   * @param problems empty only if every check held; each names the file and what is wrong
   * @param manifest the verified manifest, null if it could not be trusted
   */
  public record Verification(List<String> problems, Manifest manifest) {
    public Verification {
      problems = List.copyOf(problems);
    }

    public boolean verified() {
      return problems.isEmpty();
    }
  }

  /**
   * @param publicKeyFile the signer's public key; null uses the package's own copy
   * @param previous the previous package of the chain, or null not to check the link
   */
  public static Verification verify(Path dir, Path publicKeyFile, Path previous) {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      return failed(dir + ": not a directory");
    }
    Path keyFile = publicKeyFile != null ? publicKeyFile : dir.resolve(EvidencePackage.PUBLIC_KEY);
    if (!Files.isRegularFile(keyFile)) {
      return failed(keyFile + ": no such public key file");
    }
    PublicKey key;
    try {
      key = SigningKeys.readPublic(keyFile);
    } catch (AuditException e) {
      return failed(keyFile + ": not an Ed25519 public key in PEM");
    }
    Path attestationFile = dir.resolve(EvidencePackage.ATTESTATION);
    if (!Files.isRegularFile(attestationFile)) {
      return failed(EvidencePackage.ATTESTATION + ": missing");
    }
    Attestation.Envelope envelope;
    Map<String, String> subjects;
    try {
      envelope = Attestation.readEnvelope(Files.readAllBytes(attestationFile));
      if (!Dsse.PAYLOAD_TYPE.equals(envelope.payloadType())) {
        return failed(EvidencePackage.ATTESTATION + ": payload type " + envelope.payloadType() + ", expected "
            + Dsse.PAYLOAD_TYPE);
      }
      if (!Dsse.verify(key, envelope.payloadType(), envelope.payload(), envelope.signature())) {
        return failed(EvidencePackage.ATTESTATION + ": the signature does not verify with the public key " + keyFile);
      }
      subjects = Attestation.subjects(envelope.payload());
    } catch (IOException e) {
      return failed(EvidencePackage.ATTESTATION + ": not a valid DSSE envelope (" + e.getMessage() + ")");
    }
    String signedManifest = subjects.get(EvidencePackage.MANIFEST);
    if (signedManifest == null) {
      return failed(EvidencePackage.ATTESTATION + ": the statement has no subject " + EvidencePackage.MANIFEST);
    }
    Path manifestFile = dir.resolve(EvidencePackage.MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      return failed(EvidencePackage.MANIFEST + ": missing");
    }
    if (!signedManifest.equals(Digests.sha256(manifestFile))) {
      return failed(EvidencePackage.MANIFEST + ": SHA-256 differs from the signed attestation");
    }
    Manifest manifest;
    try {
      manifest = Manifest.parse(Files.readAllBytes(manifestFile));
    } catch (IOException e) {
      return failed(EvidencePackage.MANIFEST + ": " + e.getMessage());
    }

    List<String> problems = new ArrayList<>();
    Set<String> expected = new TreeSet<>(Set.of(EvidencePackage.MANIFEST, EvidencePackage.ATTESTATION));
    for (Manifest.Entry entry : manifest.files()) {
      expected.add(entry.name());
      Path file = dir.resolve(entry.name()).normalize();
      if (!file.getParent().equals(dir.normalize()) || !Files.isRegularFile(file)) {
        problems.add(entry.name() + ": missing (listed in the manifest)");
      } else if (!entry.sha256().equals(Digests.sha256(file)) || entry.size() != size(file)) {
        problems.add(entry.name() + ": SHA-256 differs from the manifest");
      }
      String signed = subjects.get(entry.name());
      if (signed != null && !signed.equals(entry.sha256())) {
        problems.add(entry.name() + ": the signed attestation and the manifest disagree on its SHA-256");
      }
    }
    for (String name : subjects.keySet()) {
      if (!expected.contains(name)) {
        problems.add(name + ": signed by the attestation but not listed in the manifest");
      }
    }
    for (String name : listing(dir)) {
      if (!expected.contains(name)) {
        problems.add(name + ": not listed in the manifest");
      }
    }
    if (previous != null) {
      chainLink(manifest, previous).ifPresent(problems::add);
    }
    return new Verification(problems, manifest);
  }

  private static java.util.Optional<String> chainLink(Manifest manifest, Path previous) {
    Path previousManifest = previous.resolve(EvidencePackage.MANIFEST);
    if (!Files.isRegularFile(previousManifest)) {
      return java.util.Optional.of("chain: the previous package " + previous + " has no " + EvidencePackage.MANIFEST);
    }
    String actual = Digests.sha256(previousManifest);
    if (!actual.equals(manifest.previousManifestSha256())) {
      return java.util.Optional.of("chain: the previous package's manifest has SHA-256 " + actual
          + ", but this package chains to " + Objects.requireNonNullElse(manifest.previousManifestSha256(), "none"));
    }
    return java.util.Optional.empty();
  }

  private static Set<String> listing(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw io.trainaudit.Errors.io("list the package " + dir, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw io.trainaudit.Errors.io("read the size of " + file, e);
    }
  }

  private static Verification failed(String problem) {
    return new Verification(List.of(problem), null);
  }
}
