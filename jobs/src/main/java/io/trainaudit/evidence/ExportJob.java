package io.trainaudit.evidence;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.trainaudit.CodeVersion;
import io.trainaudit.Errors;
import io.trainaudit.audit.AuditInputs;
import io.trainaudit.audit.ModelImpactJob;
import io.trainaudit.audit.RunRecord;
import io.trainaudit.audit.RunStore;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigKey;
import io.trainaudit.lineage.Lineage;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.Records;
import io.trainaudit.tables.TrainingSnapshots;
import io.trainaudit.tables.Vocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the regulator evidence package of one run, in one {@link EvidenceTier}, for the members of
 * some region groups (their group as of each snapshot's capture): summary.json and summary.pdf, in
 * the confidential tier also the pseudonymised findings.csv, the signer's public key, manifest.json
 * chained to the previous package of the same jurisdiction and tier, and attestation.json signing
 * it all. The package is built in a sibling folder and moved into place when complete.
 */
public final class ExportJob {
  private final SparkSession spark;
  private final AuditConfig config;

  public ExportJob(SparkSession spark, AuditConfig config) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * What to export.
   *
   * @param runId a run id, or {@code latest} for the latest succeeded run
   * @param jurisdiction region groups, as the run's policy defines them
   * @param tier who the package is for
   * @param out the package folder to create; it must not exist or be empty
   * @param previous the previous package of the chain; null: the latest package beside {@code out} of the same
   *     jurisdiction and tier signed with the same key, if any
   * @param pseudonymKeyOut a new file to write a freshly drawn pseudonym key to (confidential tier, when
   *     export.pseudonym_key_file is not set); null otherwise
   */
  public record Request(String runId, List<String> jurisdiction, EvidenceTier tier, Path out, Path previous,
      Path pseudonymKeyOut) {
    public Request {
      Objects.requireNonNull(runId, "runId");
      jurisdiction = List.copyOf(new java.util.LinkedHashSet<>(jurisdiction));
      Objects.requireNonNull(tier, "tier");
      Objects.requireNonNull(out, "out");
    }
  }

  /**
   * What was exported.
   *
   * @param findings the jurisdiction's findings (rows of findings.csv in the confidential tier)
   * @param previous the package chained to, or null for the first of a chain
   * @param signer the fingerprint of the signing key
   * @param pseudonymKeyFile where the pseudonym key is, null in the public tier (no pseudonyms)
   * @param pseudonymKeyWritten true if the key was drawn for this export and written to that file
   */
  public record Result(String runId, Path dir, EvidenceTier tier, long findings, String manifestSha256, Path previous,
      Path publicKeyFile, String signer, Path pseudonymKeyFile, boolean pseudonymKeyWritten) {}

  public Result export(Request request) {
    Path out = request.out().toAbsolutePath().normalize();
    requireEmpty(out);
    Path keyOut = request.pseudonymKeyOut() == null ? null : request.pseudonymKeyOut().toAbsolutePath().normalize();
    checkPseudonymKeyOptions(request.tier(), keyOut);
    KeyPair keys = SigningKeys.load(config.export().signingKey(), config.source());
    RunRecord recorded = new RunStore(spark, config.output().auditRuns()).findSucceeded(request.runId(), "export");
    RunFacts run = RunFacts.of(recorded, config.output().reports());
    checkGroups(run, request.jurisdiction());
    Link previous = request.previous() != null
        ? checkedPrevious(request.previous().toAbsolutePath().normalize(), keys)
        : latestSibling(out, request.jurisdiction(), request.tier(), keys.getPublic());
    Path keyFile = config.export().pseudonymKeyFile();
    Pseudonymiser pseudonyms = request.tier() == EvidenceTier.PUBLIC ? null
        : keyFile != null ? Pseudonymiser.fromFile(keyFile) : Pseudonymiser.fresh();

    spark.sparkContext().setJobGroup("export-" + run.runId(), "trainaudit evidence export of " + run.runId()
        + " (" + request.tier() + ") for " + request.jurisdiction(), false);
    Path staging = out.resolveSibling("." + out.getFileName() + ".partial");
    try {
      deleteRecursively(staging);
      Files.createDirectories(staging);
      Dataset<Row> findings = findings(run, request.jurisdiction()).cache();
      String createdAt = Instant.now().toString();
      FindingCounts counts = FindingCounts.of(findings, request.jurisdiction());
      AuditInputs inputs = AuditInputs.openPast(spark, config, inputVersions(run));
      Lineage lineage = lineage(inputs, findings);
      Map<String, Long> rowsByRecordType = rowsByRecordType(inputs);
      Long csvRows = pseudonyms == null ? null
          : FindingsCsv.write(findings, pseudonyms, staging.resolve(EvidencePackage.FINDINGS_CSV));
      findings.unpersist();
      Map<String, Object> summary =
          EvidenceSummary.build(run, request.jurisdiction(), request.tier(), createdAt, config.export(), counts,
              lineage, rowsByRecordType);
      SafeJson.write(summary, staging.resolve(EvidencePackage.SUMMARY_JSON));
      SummaryPdf.write(summary, EvidenceSummary.SECTIONS, "Regulator evidence (" + request.tier() + "): run "
          + run.runId() + ", " + String.join(", ", request.jurisdiction()), staging.resolve(EvidencePackage.SUMMARY_PDF));
      Files.writeString(staging.resolve(EvidencePackage.PUBLIC_KEY), SigningKeys.publicPem(keys.getPublic()));
      String manifestSha = sign(staging, new Manifest(Manifest.FORMAT, createdAt, run.runId(), request.jurisdiction(),
          request.tier(), run.inputVersions(), run.policyHash(), CodeVersion.get(),
          previous == null ? null : previous.manifestSha256(), entries(staging, request.tier(), csvRows)), keys);
      if (keyOut != null) {
        writePseudonymKey(pseudonyms, keyOut);
      }
      Files.deleteIfExists(out);
      Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
      return new Result(run.runId(), out, request.tier(), counts.total(), manifestSha,
          previous == null ? null : previous.dir(), SigningKeys.publicKeyFile(config.export().signingKey()),
          SigningKeys.fingerprint(keys.getPublic()), pseudonyms == null ? null : keyOut != null ? keyOut : keyFile,
          keyOut != null);
    } catch (IOException e) {
      throw Errors.io("write the evidence package " + out, e);
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  private static Map<InputTable, Long> inputVersions(RunFacts run) {
    Map<InputTable, Long> versions = new java.util.EnumMap<>(InputTable.class);
    run.inputVersions().forEach((table, version) -> versions.put(InputTable.fromName(table), version));
    return versions;
  }

  /**
   * The model versions the run's model_trainings lists, and the model impact of the jurisdiction's
   * findings (the rows of output.model_impact, counted over this package's findings only).
   */
  private Lineage lineage(AuditInputs inputs, Dataset<Row> findings) {
    if (!inputs.has(InputTable.MODEL_TRAININGS)) {
      return Lineage.notConfigured();
    }
    Dataset<Row> lineage = ModelImpactJob.lineage(spark, inputs.valid(InputTable.MODEL_TRAININGS));
    return new Lineage(true, ModelImpactJob.versions(lineage),
        ModelImpactJob.rows(ModelImpactJob.impact(findings, lineage).collectAsList()));
  }

  /**
   * The audited training rows (one per snapshot and record, as the run counted them) by the
   * record's type; {@code unknown} for a record the records table lacks. For section 1.3 of the
   * training-content summary, which describes the whole training data, not one jurisdiction's.
   */
  private static Map<String, Long> rowsByRecordType(AuditInputs inputs) {
    Dataset<Row> rows = inputs.valid(InputTable.TRAINING_SNAPSHOTS)
        .select(TrainingSnapshots.SNAPSHOT_ID, TrainingSnapshots.RECORD_ID).distinct();
    Dataset<Row> types = inputs.valid(InputTable.RECORDS).select(Records.RECORD_ID, Records.RECORD_TYPE);
    Map<String, Long> byType = new java.util.TreeMap<>();
    for (Row r : rows.join(types, io.trainaudit.spark.Seqs.of(Records.RECORD_ID), "left")
        .groupBy(Records.RECORD_TYPE).count().collectAsList()) {
      byType.put(r.isNullAt(0) ? "unknown" : r.getString(0), r.getLong(1));
    }
    return byType;
  }

  /** A package to chain to, and the SHA-256 of its manifest as its verified signature fixes it. */
  private record Link(Path dir, String manifestSha256) {}

  /**
   * A confidential package needs exactly one source of pseudonym key: the configured file, or a new
   * file to draw one into; a public package holds no pseudonyms and takes no key.
   */
  private void checkPseudonymKeyOptions(EvidenceTier tier, Path keyOut) {
    Path keyFile = config.export().pseudonymKeyFile();
    if (tier == EvidenceTier.PUBLIC) {
      if (keyOut != null) {
        throw EvidenceErrors.pseudonymKeyForPublicTier();
      }
      return;
    }
    if (keyFile != null && keyOut != null) {
      throw EvidenceErrors.twoPseudonymKeys(keyFile, keyOut);
    }
    if (keyFile == null && keyOut == null) {
      throw EvidenceErrors.noPseudonymKey(config.source());
    }
    if (keyOut != null && Files.exists(keyOut, LinkOption.NOFOLLOW_LINKS)) {
      throw EvidenceErrors.pseudonymKeyFileExists(keyOut);
    }
  }

  /** The manifest's entries: the tier's reports and the public key, by name. */
  private static List<Manifest.Entry> entries(Path staging, EvidenceTier tier, Long csvRows) throws IOException {
    Set<String> names = new TreeSet<>(tier.reports());
    names.add(EvidencePackage.PUBLIC_KEY);
    List<Manifest.Entry> entries = new ArrayList<>();
    for (String name : names) {
      Path file = staging.resolve(name);
      entries.add(new Manifest.Entry(name, Digests.sha256(file), Files.size(file),
          name.equals(EvidencePackage.FINDINGS_CSV) ? csvRows : null));
    }
    return entries;
  }

  /** Writes manifest.json and attestation.json, which signs it and the tier's reports; returns the manifest's SHA-256. */
  private static String sign(Path staging, Manifest manifest, KeyPair keys) throws IOException {
    byte[] manifestJson = manifest.toJson();
    Files.write(staging.resolve(EvidencePackage.MANIFEST), manifestJson);
    String manifestSha = Digests.sha256(manifestJson);
    List<Attestation.Subject> subjects = new ArrayList<>();
    subjects.add(new Attestation.Subject(EvidencePackage.MANIFEST, manifestSha));
    for (String report : manifest.tier().reports()) {
      subjects.add(new Attestation.Subject(report, Digests.sha256(staging.resolve(report))));
    }
    Map<String, Object> predicate = new LinkedHashMap<>();
    predicate.put("run_id", manifest.runId());
    predicate.put("jurisdiction", manifest.jurisdiction());
    predicate.put("tier", manifest.tier().value());
    predicate.put("policy_hash", manifest.policyHash());
    predicate.put("code_version", manifest.codeVersion());
    predicate.put("created_at", manifest.createdAt());
    predicate.put("previous_manifest_sha256", manifest.previousManifestSha256());
    Files.write(staging.resolve(EvidencePackage.ATTESTATION),
        Attestation.envelope(Attestation.statement(subjects, predicate), keys.getPrivate(), keys.getPublic()));
    return manifestSha;
  }

  /** The key drawn for this export, into a new owner-only file: never printed, never in the package. */
  private static void writePseudonymKey(Pseudonymiser pseudonyms, Path file) throws IOException {
    try {
      SecretFiles.create(file, (pseudonyms.keyHex() + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (FileAlreadyExistsException e) {
      throw EvidenceErrors.pseudonymKeyFileExists(file);
    }
  }

  private Link checkedPrevious(Path previous, KeyPair keys) {
    return PackageVerifier.signedManifest(previous, keys.getPublic())
        .map(signed -> new Link(previous, signed.manifestSha256()))
        .orElseThrow(() -> EvidenceErrors.previousNotSigned(previous, config.export().signingKey()));
  }

  /**
   * The open findings as the run left them, of members whose group at capture is in the
   * jurisdiction: the findings table at the version the run recorded, refused if that version is
   * no longer readable. A run recorded before result versions existed falls back to the last
   * version committed by its end.
   */
  private Dataset<Row> findings(RunFacts run, List<String> jurisdiction) {
    if (run.findingsVersion() != null) {
      return DeltaTables.readPast(spark, "findings", config.output().findings(), run.findingsVersion())
          .where(col(Findings.STATUS).equalTo(lit(Findings.STATUS_OPEN))
              .and(col(Findings.REGION_GROUP).isin(jurisdiction.toArray())));
    }
    Dataset<Row> history = DeltaTables.handle(spark, config.output().findings()).history()
        .where(col("timestamp").leq(lit(java.sql.Timestamp.from(run.endedAt()))))
        .agg(max(col("version")));
    Row version = history.head();
    if (version.isNullAt(0)) {
      throw EvidenceErrors.noFindingsVersion(run.runId(), config.output().findings().display(), run.endedAt());
    }
    return DeltaTables.read(spark, "findings", config.output().findings(), version.getLong(0))
        .where(col(Findings.STATUS).equalTo(lit(Findings.STATUS_OPEN))
            .and(col(Findings.REGION_GROUP).isin(jurisdiction.toArray())));
  }

  private static void checkGroups(RunFacts run, List<String> jurisdiction) {
    Set<String> known = new TreeSet<>();
    run.policy().path(ConfigKey.POLICY_REGION_GROUPS.keyName()).fieldNames().forEachRemaining(known::add);
    known.add(Vocabulary.REGION_GROUP_OTHER);
    if (jurisdiction.isEmpty()) {
      throw EvidenceErrors.noRegionGroup(known);
    }
    for (String group : jurisdiction) {
      if (!known.contains(group)) {
        throw EvidenceErrors.unknownRegionGroup(group, known, run.runId());
      }
    }
  }

  private static void requireEmpty(Path out) {
    if (!Files.exists(out)) {
      return;
    }
    try (Stream<Path> children = Files.list(out)) {
      if (children.findAny().isPresent()) {
        throw EvidenceErrors.outputNotEmpty(out);
      }
    } catch (IOException e) {
      throw Errors.io("read the output folder " + out, e);
    }
  }

  /**
   * The package beside {@code out} to chain to: of those whose attestation verifies with the signing
   * key and whose manifest names the same set of region groups and the same tier, the one whose
   * (signed) manifest was created last. Anything else beside it, a forgery included, is passed over.
   */
  private static Link latestSibling(Path out, List<String> jurisdiction, EvidenceTier tier, PublicKey key) {
    Path parent = out.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return null;
    }
    Set<String> groups = new TreeSet<>(jurisdiction);
    try (Stream<Path> siblings = Files.list(parent)) {
      return siblings
          .filter(p -> !p.equals(out) && !p.getFileName().toString().startsWith("."))
          .flatMap(p -> PackageVerifier.signedManifest(p, key)
              .filter(s -> s.manifest().tier() == tier && new TreeSet<>(s.manifest().jurisdiction()).equals(groups))
              .flatMap(s -> createdAt(s.manifest()).map(t -> Map.entry(t, new Link(p, s.manifestSha256())))).stream())
          .max(Map.Entry.<Instant, Link>comparingByKey().thenComparing(e -> e.getValue().dir()))
          .map(Map.Entry::getValue)
          .orElse(null);
    } catch (IOException e) {
      throw Errors.io("look for the previous package beside " + out, e);
    }
  }

  private static Optional<Instant> createdAt(Manifest manifest) {
    try {
      return Optional.ofNullable(manifest.createdAt()).map(Instant::parse);
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
