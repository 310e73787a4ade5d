package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.TestSpark;
import io.trainaudit.evidence.Digests;
import io.trainaudit.evidence.SigningKeys;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.Members;
import io.trainaudit.tables.Records;
import io.trainaudit.tables.TrainingSnapshots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
 * Regulator evidence end to end: generate, audit, export for EU, EEA, CH and UK, then verify the
 * package with the CLI and with the documented openssl steps, and tamper with it every way.
 */
@Tag("e2e")
class EvidenceE2eTest {
  private static final List<String> JURISDICTION = List.of("EU", "EEA", "CH", "UK");
  private static final List<String> FILES = List.of("attestation.json", "findings.csv", "manifest.json",
      "public-key.pem", "summary.json", "summary.pdf");

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path first;
  private static Path second;
  private static Path publicKey;
  private static String runId;

  @BeforeAll
  static void generateAuditAndExport() throws Exception {
    spark = TestSpark.session();
    GeneratedData.generate(dir, 300, 5, 4, 20261124);
    Path config = writeConfig("audit.yaml", 10);
    Cli.Outcome run = Cli.run("run", "--config", config.toString(), "--full");
    assertEquals(1, run.exitCode(), run.err());
    first = dir.resolve("evidence/first");
    Cli.Outcome export = export(config, first);
    assertEquals(0, export.exitCode(), export.err());
    runId = new ObjectMapper().readTree(first.resolve("manifest.json").toFile()).get("run_id").asText();
    assertTrue(export.out().startsWith("EXPORTED run " + runId + " for EU,EEA,CH,UK into " + first + "\n"),
        export.out());
    assertTrue(export.out().contains("\n  pseudonym key (not in the package; keep it to re-identify a finding on"
        + " request): "), export.out());
    second = dir.resolve("evidence/second");
    assertEquals(0, export(config, second).exitCode());
    publicKey = dir.resolve("keys/evidence-signing-key.pub.pem");
  }

  @Test
  void anExportVerifiesAndChainsToThePreviousOne() throws Exception {
    Cli.Outcome verify = Cli.run("verify", first.toString(), "--public-key", publicKey.toString());
    assertEquals(0, verify.exitCode(), verify.out());
    assertEquals("VERIFIED " + first + ": run " + runId + ", EU,EEA,CH,UK, 4 files\n", verify.out());

    Cli.Outcome chained = Cli.run("verify", second.toString(), "--public-key", publicKey.toString(), "--previous",
        first.toString());
    assertEquals(0, chained.exitCode(), chained.out());
    assertEquals("VERIFIED " + second + ": run " + runId + ", EU,EEA,CH,UK, 4 files, chain link to " + first
        + " holds\n", chained.out());
    assertEquals(Digests.sha256(first.resolve("manifest.json")),
        json(second.resolve("manifest.json")).get("previous_manifest_sha256").asText());
    assertTrue(json(first.resolve("manifest.json")).get("previous_manifest_sha256").isNull());

    try (Stream<Path> files = Files.list(first)) {
      assertEquals(FILES, files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    JsonNode statement = new ObjectMapper().readTree(java.util.Base64.getDecoder().decode(
        json(first.resolve("attestation.json")).get("payload").asText()));
    assertEquals("https://in-toto.io/Statement/v1", statement.get("_type").asText());
    assertEquals("https://trainaudit.dev/evidence/v1", statement.get("predicateType").asText());
    assertEquals(runId, statement.at("/predicate/run_id").asText());
    List<String> subjects = new ArrayList<>();
    statement.get("subject").forEach(s -> subjects.add(s.get("name").asText() + " " + s.at("/digest/sha256").asText()));
    assertEquals(List.of("manifest.json " + Digests.sha256(first.resolve("manifest.json")),
        "findings.csv " + Digests.sha256(first.resolve("findings.csv")),
        "summary.json " + Digests.sha256(first.resolve("summary.json")),
        "summary.pdf " + Digests.sha256(first.resolve("summary.pdf"))), subjects);
  }

  @Test
  void aChangedByteInAnyFileIsNamed() throws Exception {
    for (String file : FILES) {
      Path copy = copyOf(first, "byte-" + file);
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
    Path missing = copyOf(first, "missing");
    Files.delete(missing.resolve("findings.csv"));
    assertNotVerified(missing, "findings.csv: missing (listed in the manifest)", "--public-key", publicKey.toString());

    Path extra = copyOf(first, "extra");
    Files.writeString(extra.resolve("notes.txt"), "added later\n");
    assertNotVerified(extra, "notes.txt: not listed in the manifest", "--public-key", publicKey.toString());

    SigningKeys.loadOrCreate(dir.resolve("other/other.pem"));
    Path otherKey = dir.resolve("other/other.pub.pem");
    assertNotVerified(first, "attestation.json: the signature does not verify with the public key " + otherKey,
        "--public-key", otherKey.toString());

    Path previous = copyOf(first, "altered-previous");
    flipMiddleByte(previous.resolve("manifest.json"));
    assertNotVerified(second, "chain: the previous package's manifest has SHA-256 "
        + Digests.sha256(previous.resolve("manifest.json")) + ", but this package chains to "
        + Digests.sha256(first.resolve("manifest.json")), "--public-key", publicKey.toString(), "--previous",
        previous.toString());
  }

  @Test
  void thePackageHoldsNoRawMemberOrRecordId() throws Exception {
    Map<String, String> texts = new TreeMap<>();
    for (String file : FILES) {
      texts.put(file, file.endsWith(".pdf") ? pdfText(first.resolve(file))
          : Files.readString(first.resolve(file), StandardCharsets.ISO_8859_1));
    }
    Set<String> ids = new HashSet<>();
    idsOf(table("members").select(Members.MEMBER_ID), ids);
    idsOf(table("records").select(Records.MEMBER_ID), ids);
    idsOf(table("records").select(Records.RECORD_ID), ids);
    idsOf(table("training_snapshots").select(TrainingSnapshots.MEMBER_ID), ids);
    idsOf(table("training_snapshots").select(TrainingSnapshots.RECORD_ID), ids);
    List<String> leaked = new ArrayList<>();
    for (String id : ids) {
      texts.forEach((file, text) -> {
        if (text.contains(id)) {
          leaked.add(id + " in " + file);
        }
      });
    }
    assertEquals(List.of(), leaked);

    long expectedRows = findingsOfJurisdiction().count();
    assertEquals(expectedRows + 1, texts.get("findings.csv").lines().count());
    assertEquals("rule_id,severity,snapshot_id,captured_at,purpose,recipient,region_group,member_pseudonym,"
        + "record_pseudonym,age_band", texts.get("findings.csv").lines().findFirst().orElseThrow());
    assertEquals(expectedRows, json(first.resolve("manifest.json")).at("/files/0/rows").asLong());
  }

  @Test
  void smallCountsAreSuppressedButNotTheTotalOfViolations() throws Exception {
    Map<String, Long> byRule = new TreeMap<>();
    long violations = 0;
    for (Row r : findingsOfJurisdiction().groupBy(Findings.RULE_ID, Findings.SEVERITY).count().collectAsList()) {
      byRule.put(r.getString(0), r.getLong(2));
      violations += r.getString(1).equals("violation") ? r.getLong(2) : 0;
    }
    JsonNode findings = json(first.resolve("summary.json")).get("findings");
    assertEquals(violations, findings.get("total_violations").asLong());
    for (Map.Entry<String, Long> e : byRule.entrySet()) {
      long n = e.getValue();
      assertEquals(n < 10 ? "\"<10\"" : Long.toString(n), findings.at("/by_rule/" + e.getKey()).toString(), e.getKey());
    }

    Path strict = writeConfig("strict.yaml", 1_000_000);
    Path suppressed = dir.resolve("strict/evidence");
    assertEquals(0, export(strict, suppressed).exitCode());
    JsonNode all = json(suppressed.resolve("summary.json")).get("findings");
    assertEquals(violations, all.get("total_violations").asLong());
    Map<String, String> shown = new LinkedHashMap<>();
    all.get("by_rule").fields().forEachRemaining(f -> shown.put(f.getKey(), f.getValue().toString()));
    Map<String, String> expected = new LinkedHashMap<>();
    shown.keySet().forEach(rule -> expected.put(rule, byRule.getOrDefault(rule, 0L) == 0 ? "0" : "\"<1000000\""));
    assertEquals(expected, shown);
    assertEquals("\"<1000000\"", all.at("/by_severity/violation").toString());
  }

  @Test
  void thePdfReadsBackWithEverySection() throws Exception {
    // Table cells wrap long text over lines: compare with runs of white space as one space.
    String text = pdfText(first.resolve("summary.pdf")).replaceAll("\\s+", " ");
    List<String> expected = List.of("Regulator evidence: run " + runId + ", EU, EEA, CH, UK",
        "1. Controller and policy", "Example Networks Ltd", "2. Purpose and legal basis",
        "3. Data categories used and excluded", "4. Recipients and affiliates by region",
        "5. How opt-outs and objections were honoured", "late_exclusions", "6. Age check", "members_of_unknown_age",
        "7. Findings by rule, region and severity, and coverage", "total_violations",
        "8. Public summary of training content (AI Act Art. 53(1)(d))", "latest_data_collection_date");
    int from = 0;
    for (String part : expected) {
      int at = text.indexOf(part, from);
      assertTrue(at >= 0, "'" + part + "' missing after position " + from + " in:\n" + text);
      from = at + part.length();
    }
  }

  @Test
  void theDocumentedOpensslStepsVerifyAPackageAndRejectATamperedOne() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "evidence.md"));
    int start = doc.indexOf("```bash\n");
    int end = doc.indexOf("```\n", start + 8);
    Path script = Files.writeString(dir.resolve("verify.sh"), doc.substring(start + 8, end));

    ProcessResult ok = bash(script, first, publicKey, null);
    assertEquals(0, ok.exitCode(), ok.output());
    assertTrue(ok.output().contains("Signature Verified Successfully"), ok.output());
    assertTrue(ok.output().endsWith("package verified\n"), ok.output());
    ProcessResult chained = bash(script, second, publicKey, first);
    assertEquals(0, chained.exitCode(), chained.output());

    Path tampered = copyOf(first, "doc-tampered");
    flipMiddleByte(tampered.resolve("findings.csv"));
    ProcessResult rejected = bash(script, tampered, publicKey, null);
    assertEquals(1, rejected.exitCode(), rejected.output());
    assertTrue(rejected.output().contains("findings.csv: FAILED"), rejected.output());

    Path extra = copyOf(first, "doc-extra");
    Files.writeString(extra.resolve("notes.txt"), "added\n");
    assertEquals(1, bash(script, extra, publicKey, null).exitCode());
    assertNotEquals(0, bash(script, first, dir.resolve("other-doc.pub.pem"), null).exitCode());
  }

  private record ProcessResult(int exitCode, String output) {}

  private static ProcessResult bash(Path script, Path pkg, Path key, Path previous) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
    builder.environment().put("PACKAGE", pkg.toString());
    builder.environment().put("PUBLIC_KEY", key.toString());
    builder.environment().put("PREVIOUS", previous == null ? "" : previous.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    return new ProcessResult(process.exitValue(), output);
  }

  private static Path writeConfig(String name, int minCount) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n",
        "export:",
        "  min_count: " + minCount,
        "  controller_name: Example Networks Ltd",
        "  dpo_contact: dpo@example.net",
        "  notice_version: '2025-11'",
        "  notice_effective_date: 2025-11-03",
        "  purpose: Training content-generating AI models",
        "  legal_basis: Legitimate interests (Art. 6(1)(f) GDPR)",
        "  provider: Example Networks Ltd",
        "  model_identifiers: [writer-2025-11]",
        ""));
  }

  private static Cli.Outcome export(Path config, Path out) {
    return Cli.run("export", "--run", "latest", "--jurisdiction", String.join(",", JURISDICTION), "--out",
        out.toString(), "--config", config.toString());
  }

  private static void assertNotVerified(Path pkg, String problem, String... options) {
    List<String> args = new ArrayList<>(List.of("verify", pkg.toString()));
    args.addAll(List.of(options));
    Cli.Outcome verify = Cli.run(args.toArray(String[]::new));
    assertEquals(1, verify.exitCode(), verify.out());
    assertEquals("NOT VERIFIED " + pkg + "\n  " + problem + "\n", verify.out());
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
    return new ObjectMapper().readTree(file.toFile());
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
