package io.trainaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify on small hand-built packages: trust, links, tiers and the chain, without Spark. */
class PackageVerifierTest {
  @TempDir Path dir;
  private KeyPair controller;
  private KeyPair forger;
  private Path controllerKey;

  @BeforeEach
  void keys() {
    controller = SigningKeys.create(dir.resolve("keys/controller.pem"));
    forger = SigningKeys.create(dir.resolve("keys/forger.pem"));
    controllerKey = dir.resolve("keys/controller.pub.pem");
  }

  @Test
  void anIntactPackageIsVerifiedOnlyWhenItsSignerIsGivenOrPinned() throws Exception {
    Path pkg = write(dir.resolve("p"), controller, EvidenceTier.CONFIDENTIAL, null, "a,b\r\n");
    PackageVerifier.Verification given = PackageVerifier.verify(pkg, Trust.of(controllerKey, null), null);
    assertEquals(PackageVerifier.Outcome.VERIFIED, given.outcome(), given.problems().toString());
    assertEquals("given with --public-key " + controllerKey, given.trustedBy());
    assertEquals(SigningKeys.fingerprint(controller.getPublic()), given.signer());
    assertNull(given.chainCheckedAgainst());

    Path trustFile = Files.writeString(dir.resolve("trusted.txt"), SigningKeys.fingerprint(controller.getPublic()) + "\n");
    assertEquals("pinned in " + trustFile, PackageVerifier.verify(pkg, Trust.of(null, trustFile), null).trustedBy());

    PackageVerifier.Verification none = PackageVerifier.verify(pkg, Trust.none(), null);
    assertEquals(PackageVerifier.Outcome.SIGNER_NOT_TRUSTED, none.outcome());
    assertEquals(List.of(), none.problems());
  }

  @Test
  void aPackageReSignedWithAnotherKeyAndItsKeyCopyReplacedIsNeverVerified() throws Exception {
    Path pkg = write(dir.resolve("p"), controller, EvidenceTier.CONFIDENTIAL, null, "a,b\r\nc,d\r\n");
    Path forged = write(dir.resolve("forged"), forger, EvidenceTier.CONFIDENTIAL, null, "a,b\r\n");
    Path trustFile = Files.writeString(dir.resolve("trusted.txt"), SigningKeys.fingerprint(controller.getPublic()) + "\n");

    PackageVerifier.Verification alone = PackageVerifier.verify(forged, Trust.none(), null);
    assertEquals(PackageVerifier.Outcome.SIGNER_NOT_TRUSTED, alone.outcome());
    assertEquals(SigningKeys.fingerprint(forger.getPublic()), alone.signer());
    assertEquals(PackageVerifier.Outcome.SIGNER_NOT_TRUSTED,
        PackageVerifier.verify(forged, Trust.of(null, trustFile), null).outcome());
    PackageVerifier.Verification withKey = PackageVerifier.verify(forged, Trust.of(controllerKey, null), null);
    assertEquals(List.of("attestation.json: the signature does not verify with the public key " + controllerKey),
        withKey.problems());
    assertEquals(PackageVerifier.Outcome.VERIFIED,
        PackageVerifier.verify(pkg, Trust.of(null, trustFile), null).outcome());
  }

  @Test
  void aLinkOrAFolderInsideAPackageIsRefusedNamingIt() throws Exception {
    Path pkg = write(dir.resolve("p"), controller, EvidenceTier.CONFIDENTIAL, null, "a,b\r\n");
    Path outside = Files.copy(pkg.resolve("findings.csv"), dir.resolve("outside.csv"));
    Files.delete(pkg.resolve("findings.csv"));
    Files.createSymbolicLink(pkg.resolve("findings.csv"), outside);
    Files.createDirectory(pkg.resolve("extra"));
    PackageVerifier.Verification v = PackageVerifier.verify(pkg, Trust.of(controllerKey, null), null);
    assertEquals(PackageVerifier.Outcome.NOT_VERIFIED, v.outcome());
    assertEquals(List.of("extra: not a regular file", "findings.csv: a symbolic link, not a regular file"), v.problems());
  }

  @Test
  void eachTierHoldsExactlyItsFiles() throws Exception {
    Path pub = write(dir.resolve("public"), controller, EvidenceTier.PUBLIC, null, null);
    PackageVerifier.Verification ok = PackageVerifier.verify(pub, Trust.of(controllerKey, null), null);
    assertEquals(PackageVerifier.Outcome.VERIFIED, ok.outcome(), ok.problems().toString());
    assertEquals(EvidenceTier.PUBLIC, ok.manifest().tier());

    Path leaky = write(dir.resolve("leaky"), controller, EvidenceTier.PUBLIC, null, "a,b\r\n");
    assertEquals(List.of("manifest.json: a public package holds [public-key.pem, summary.json, summary.pdf],"
            + " this one lists [findings.csv, public-key.pem, summary.json, summary.pdf]"),
        PackageVerifier.verify(leaky, Trust.of(controllerKey, null), null).problems());
  }

  @Test
  void theChainLinkHoldsOnlyToAPackageSignedWithTheSameKey() throws Exception {
    Path first = write(dir.resolve("first"), controller, EvidenceTier.PUBLIC, null, null);
    Path second = write(dir.resolve("second"), controller, EvidenceTier.PUBLIC,
        Digests.sha256(first.resolve(EvidencePackage.MANIFEST)), null);
    PackageVerifier.Verification chained = PackageVerifier.verify(second, Trust.of(controllerKey, null), first);
    assertEquals(PackageVerifier.Outcome.VERIFIED, chained.outcome(), chained.problems().toString());
    assertEquals(first, chained.chainCheckedAgainst());

    Path imposter = write(dir.resolve("imposter"), forger, EvidenceTier.PUBLIC, null, null);
    Path chainedToImposter = write(dir.resolve("third"), controller, EvidenceTier.PUBLIC,
        Digests.sha256(imposter.resolve(EvidencePackage.MANIFEST)), null);
    assertEquals(List.of("chain: the previous package " + imposter + " does not verify with the same key"),
        PackageVerifier.verify(chainedToImposter, Trust.of(controllerKey, null), imposter).problems());
  }

  /** A package as the export writes it, with stand-in report contents; findings null: no findings.csv. */
  static Path write(Path pkg, KeyPair key, EvidenceTier tier, String previousManifest, String findings)
      throws Exception {
    Files.createDirectories(pkg);
    Files.writeString(pkg.resolve(EvidencePackage.SUMMARY_JSON), "{\"tier\":\"" + tier + "\"}\n");
    Files.write(pkg.resolve(EvidencePackage.SUMMARY_PDF), "%PDF-1.4 stand-in\n".getBytes(StandardCharsets.US_ASCII));
    Files.writeString(pkg.resolve(EvidencePackage.PUBLIC_KEY), SigningKeys.publicPem(key.getPublic()));
    Set<String> names = new TreeSet<>(Set.of(EvidencePackage.SUMMARY_JSON, EvidencePackage.SUMMARY_PDF,
        EvidencePackage.PUBLIC_KEY));
    if (findings != null) {
      Files.writeString(pkg.resolve(EvidencePackage.FINDINGS_CSV), findings);
      names.add(EvidencePackage.FINDINGS_CSV);
    }
    List<Manifest.Entry> entries = new ArrayList<>();
    for (String name : names) {
      Path file = pkg.resolve(name);
      entries.add(new Manifest.Entry(name, Digests.sha256(file), Files.size(file),
          name.equals(EvidencePackage.FINDINGS_CSV) ? findings.lines().count() - 1 : null));
    }
    byte[] manifest = new Manifest(Manifest.FORMAT, "2026-11-30T10:00:00Z", "run-1", List.of("EU"), tier, Map.of(),
        "policy", "code", previousManifest, entries).toJson();
    Files.write(pkg.resolve(EvidencePackage.MANIFEST), manifest);
    List<Attestation.Subject> subjects = new ArrayList<>(List.of(
        new Attestation.Subject(EvidencePackage.MANIFEST, Digests.sha256(manifest))));
    for (String name : names) {
      if (!name.equals(EvidencePackage.PUBLIC_KEY)) {
        subjects.add(new Attestation.Subject(name, Digests.sha256(pkg.resolve(name))));
      }
    }
    Map<String, Object> predicate = new LinkedHashMap<>();
    predicate.put("run_id", "run-1");
    Files.write(pkg.resolve(EvidencePackage.ATTESTATION),
        Attestation.envelope(Attestation.statement(subjects, predicate), key.getPrivate(), key.getPublic()));
    return pkg;
  }
}
