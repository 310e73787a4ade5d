package io.trainaudit.evidence;

import io.trainaudit.AuditException;
import io.trainaudit.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks an evidence package link by link, trusting nothing before it is proven: no entry of the
 * folder may be a link or anything but a regular file; the signer's key verifies the attestation's
 * signature; the signed statement fixes the manifest's SHA-256; the manifest fixes every other
 * file's SHA-256 and size, the exact set of files and the tier they must make up; the manifest's
 * chain link names the previous package's manifest, which must be signed with the same key.
 * Finally the signer must be trusted ({@link Trust}): an intact package from an unknown key proves
 * only that someone signed it. A broken link stops the check, since nothing after it can be
 * trusted; the file checks all run, so that every changed, missing or extra file is named.
 */
public final class PackageVerifier {
  private PackageVerifier() {}

  /** The three conclusions, each with its own exit code. */
  public enum Outcome {
    /** Intact, signed by a trusted key, and its chain link holds when it was checked. */
    VERIFIED,
    /** Every check holds, but the signer is neither given nor pinned: anyone could have made it. */
    SIGNER_NOT_TRUSTED,
    /** Some check failed; the problems name each. */
    NOT_VERIFIED
  }

  /**
   * What a verification concluded.
   *
   * @param problems empty unless NOT_VERIFIED; each names the file and what is wrong
   * @param manifest the verified manifest, null if it could not be trusted
   * @param signer the fingerprint of the key the signature verified with, null if it did not
   * @param trustedBy how the signer is trusted, null if it is not
   * @param chainCheckedAgainst the previous package the chain link was checked against, null if none was given
   */
  public record Verification(Outcome outcome, List<String> problems, Manifest manifest, String signer,
      String trustedBy, Path chainCheckedAgainst) {
    public Verification {
      Objects.requireNonNull(outcome, "outcome");
      problems = List.copyOf(problems);
    }
  }

  /**
   * @param trust whom to trust as signer; the key is the one given, else the package's own copy
   * @param previous the previous package of the chain, or null not to check the link
   */
  public static Verification verify(Path dir, Trust trust, Path previous) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(trust, "trust");
    if (!Files.isDirectory(dir)) {
      return failed(dir + ": not a directory");
    }
    List<String> entries = notRegularFiles(dir);
    if (!entries.isEmpty()) {
      return new Verification(Outcome.NOT_VERIFIED, entries, null, null, null, null);
    }
    PublicKey key = trust.publicKey();
    if (key == null) {
      Path own = dir.resolve(EvidencePackage.PUBLIC_KEY);
      if (!Files.exists(own)) {
        return failed(EvidencePackage.PUBLIC_KEY + ": missing; give the signer's key with --public-key");
      }
      try {
        key = SigningKeys.readPublic(own);
      } catch (AuditException e) {
        return failed(EvidencePackage.PUBLIC_KEY + ": not an Ed25519 public key in PEM");
      }
    }
    Signed signed;
    try {
      signed = signed(dir, key, trust.publicKeyFile() != null
          ? "the public key " + trust.publicKeyFile() : "the package's own " + EvidencePackage.PUBLIC_KEY);
    } catch (Broken e) {
      return failed(e.getMessage());
    }
    Manifest manifest = signed.manifest();

    List<String> problems = new ArrayList<>();
    Set<String> expected = new TreeSet<>(Set.of(EvidencePackage.MANIFEST, EvidencePackage.ATTESTATION));
    for (Manifest.Entry entry : manifest.files()) {
      expected.add(entry.name());
      Path file = dir.resolve(entry.name()).normalize();
      if (!dir.normalize().equals(file.getParent()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        problems.add(entry.name() + ": missing (listed in the manifest)");
      } else if (!entry.sha256().equals(Digests.sha256(file)) || entry.size() != size(file)) {
        problems.add(entry.name() + ": SHA-256 differs from the manifest");
      }
      String signedDigest = signed.subjects().get(entry.name());
      if (signedDigest != null && !signedDigest.equals(entry.sha256())) {
        problems.add(entry.name() + ": the signed attestation and the manifest disagree on its SHA-256");
      }
    }
    for (String name : signed.subjects().keySet()) {
      if (!expected.contains(name)) {
        problems.add(name + ": signed by the attestation but not listed in the manifest");
      }
    }
    for (String name : listing(dir)) {
      if (!expected.contains(name)) {
        problems.add(name + ": not listed in the manifest");
      }
    }
    Set<String> tierFiles = new TreeSet<>(manifest.tier().reports());
    tierFiles.add(EvidencePackage.PUBLIC_KEY);
    Set<String> listed = new TreeSet<>();
    manifest.files().forEach(e -> listed.add(e.name()));
    if (!tierFiles.equals(listed)) {
      problems.add(EvidencePackage.MANIFEST + ": a " + manifest.tier() + " package holds " + tierFiles + ", this one lists "
          + listed);
    }
    for (String report : manifest.tier().reports()) {
      if (!signed.subjects().containsKey(report)) {
        problems.add(report + ": not signed by the attestation");
      }
    }
    if (previous != null) {
      chainLink(manifest, previous, key).ifPresent(problems::add);
    }
    String signer = SigningKeys.fingerprint(key);
    if (!problems.isEmpty()) {
      return new Verification(Outcome.NOT_VERIFIED, problems, manifest, signer, null, previous);
    }
    String trustedBy = trust.trusts(key);
    return new Verification(trustedBy == null ? Outcome.SIGNER_NOT_TRUSTED : Outcome.VERIFIED, List.of(), manifest,
        signer, trustedBy, previous);
  }

  /**
   * The manifest of a package if its attestation is signed with {@code key} and fixes the manifest's
   * digest; empty otherwise. The other files are not checked: this is what the hash chain links to.
   */
  static Optional<Signed> signedManifest(Path dir, PublicKey key) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !notRegularFiles(dir).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(signed(dir, key, "the key"));
    } catch (Broken e) {
      return Optional.empty();
    }
  }

  /** The attestation's subjects and the manifest they fix. */
  record Signed(Map<String, String> subjects, Manifest manifest) {
    /** The manifest's SHA-256, as the signed statement gives it (and the file was checked to have). */
    String manifestSha256() {
      return subjects.get(EvidencePackage.MANIFEST);
    }
  }

  /** A link of the proof that does not hold. */
  private static final class Broken extends Exception {
    private static final long serialVersionUID = 1L;

    Broken(String message) {
      super(message, null, false, false);
    }
  }

  private static Signed signed(Path dir, PublicKey key, String keyDescription) throws Broken {
    Path attestationFile = dir.resolve(EvidencePackage.ATTESTATION);
    if (!Files.isRegularFile(attestationFile, LinkOption.NOFOLLOW_LINKS)) {
      throw new Broken(EvidencePackage.ATTESTATION + ": missing");
    }
    Map<String, String> subjects;
    try {
      Attestation.Envelope envelope = Attestation.readEnvelope(Files.readAllBytes(attestationFile));
      if (!Dsse.PAYLOAD_TYPE.equals(envelope.payloadType())) {
        throw new Broken(EvidencePackage.ATTESTATION + ": payload type " + envelope.payloadType() + ", expected "
            + Dsse.PAYLOAD_TYPE);
      }
      if (!Dsse.verify(key, envelope.payloadType(), envelope.payload(), envelope.signature())) {
        throw new Broken(EvidencePackage.ATTESTATION + ": the signature does not verify with " + keyDescription);
      }
      subjects = Attestation.subjects(envelope.payload());
    } catch (IOException e) {
      throw new Broken(EvidencePackage.ATTESTATION + ": not a valid DSSE envelope (" + e.getMessage() + ")");
    }
    String signedManifest = subjects.get(EvidencePackage.MANIFEST);
    if (signedManifest == null) {
      throw new Broken(EvidencePackage.ATTESTATION + ": the statement has no subject " + EvidencePackage.MANIFEST);
    }
    Path manifestFile = dir.resolve(EvidencePackage.MANIFEST);
    if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
      throw new Broken(EvidencePackage.MANIFEST + ": missing");
    }
    if (!signedManifest.equals(Digests.sha256(manifestFile))) {
      throw new Broken(EvidencePackage.MANIFEST + ": SHA-256 differs from the signed attestation");
    }
    try {
      return new Signed(subjects, Manifest.parse(Files.readAllBytes(manifestFile)));
    } catch (IOException e) {
      throw new Broken(EvidencePackage.MANIFEST + ": " + e.getMessage());
    }
  }

  private static Optional<String> chainLink(Manifest manifest, Path previous, PublicKey key) {
    Optional<Signed> previousPackage = signedManifest(previous, key);
    if (previousPackage.isEmpty()) {
      return Optional.of("chain: the previous package " + previous + " does not verify with the same key");
    }
    String actual = previousPackage.get().manifestSha256();
    if (!actual.equals(manifest.previousManifestSha256())) {
      return Optional.of("chain: the previous package's manifest has SHA-256 " + actual
          + ", but this package chains to " + Objects.requireNonNullElse(manifest.previousManifestSha256(), "none"));
    }
    return Optional.empty();
  }

  /** Every entry of the folder that is a symbolic link or anything else but a regular file, named. */
  private static List<String> notRegularFiles(Path dir) {
    List<String> problems = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      Map<String, Path> byName = new TreeMap<>();
      entries.forEach(p -> byName.put(p.getFileName().toString(), p));
      byName.forEach((name, p) -> {
        if (Files.isSymbolicLink(p)) {
          problems.add(name + ": a symbolic link, not a regular file");
        } else if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          problems.add(name + ": not a regular file");
        }
      });
    } catch (IOException e) {
      throw Errors.io("list the package " + dir, e);
    }
    return problems;
  }

  private static Set<String> listing(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw Errors.io("list the package " + dir, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw Errors.io("read the size of " + file, e);
    }
  }

  private static Verification failed(String problem) {
    return new Verification(Outcome.NOT_VERIFIED, List.of(problem), null, null, null, null);
  }
}
