package io.trainaudit.evidence;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trainaudit.AuditException;
import io.trainaudit.CodeVersion;
import io.trainaudit.ErrorCode;
import io.trainaudit.Errors;
import io.trainaudit.audit.RunStore;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigKey;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.Vocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
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
 * Writes the regulator evidence package of one run for the members of some region groups (their
 * group as of each snapshot's capture): summary.json and summary.pdf, pseudonymised findings.csv,
 * the signer's public key, manifest.json chained to the previous package, and attestation.json
 * signing it all. The package is built in a sibling folder and moved into place when complete.
 */
public final class ExportJob {
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
   * @param out the package folder to create; it must not exist or be empty
   * @param previous the previous package of the chain; null: the latest package beside {@code out}, if any
   */
  public record Request(String runId, List<String> jurisdiction, Path out, Path previous) {
    public Request {
      Objects.requireNonNull(runId, "runId");
      jurisdiction = List.copyOf(new java.util.LinkedHashSet<>(jurisdiction));
      Objects.requireNonNull(out, "out");
    }
  }

  /**
   * What was exported.
   *
   * @param pseudonymKeyHex the per-export key to show the operator, or null when it came from the key file
   * @param previous the package chained to, or null for the first of a chain
   */
  public record Result(String runId, Path dir, long findings, String manifestSha256, Path previous,
      Path publicKeyFile, String pseudonymKeyHex) {}

  public Result export(Request request) {
    Path out = request.out().toAbsolutePath().normalize();
    requireEmpty(out);
    Row runRow = new RunStore(spark, config.output().auditRuns()).find(request.runId());
    RunFacts run = RunFacts.of(runRow, config.output().reports());
    checkGroups(run, request.jurisdiction());
    Path previous = request.previous() != null ? request.previous().toAbsolutePath().normalize() : latestSibling(out);
    String previousManifest = null;
    if (previous != null) {
      Path file = previous.resolve(EvidencePackage.MANIFEST);
      if (!Files.isRegularFile(file)) {
        throw new AuditException(ErrorCode.USAGE, "Cannot export: the previous package " + previous + " has no "
            + EvidencePackage.MANIFEST);
      }
      previousManifest = Digests.sha256(file);
    }
    KeyPair keys = SigningKeys.loadOrCreate(config.export().signingKey());
    Pseudonymiser pseudonyms = config.export().pseudonymKeyFile() == null
        ? Pseudonymiser.fresh() : Pseudonymiser.fromFile(config.export().pseudonymKeyFile());

    spark.sparkContext().setJobGroup("export-" + run.runId(), "trainaudit evidence export of " + run.runId()
        + " for " + request.jurisdiction(), false);
    Path staging = out.resolveSibling("." + out.getFileName() + ".partial");
    try {
      deleteRecursively(staging);
      Files.createDirectories(staging);
      Dataset<Row> findings = findings(run, request.jurisdiction()).cache();
      String createdAt = Instant.now().toString();
      FindingsCsv.Written csv = FindingsCsv.write(findings, pseudonyms, staging.resolve(EvidencePackage.FINDINGS_CSV));
      Map<String, Object> summary =
          EvidenceSummary.build(run, request.jurisdiction(), createdAt, config.export(), findings, csv);
      findings.unpersist();
      PRETTY.writeValue(staging.resolve(EvidencePackage.SUMMARY_JSON).toFile(), summary);
      SummaryPdf.write(summary, EvidenceSummary.SECTIONS, "Regulator evidence: run " + run.runId() + ", "
          + String.join(", ", request.jurisdiction()), staging.resolve(EvidencePackage.SUMMARY_PDF));
      Files.writeString(staging.resolve(EvidencePackage.PUBLIC_KEY), SigningKeys.publicPem(keys.getPublic()));

      List<Manifest.Entry> entries = new ArrayList<>();
      for (String name : new TreeSet<>(Set.of(EvidencePackage.FINDINGS_CSV, EvidencePackage.PUBLIC_KEY,
          EvidencePackage.SUMMARY_JSON, EvidencePackage.SUMMARY_PDF))) {
        Path file = staging.resolve(name);
        entries.add(new Manifest.Entry(name, Digests.sha256(file), Files.size(file),
            name.equals(EvidencePackage.FINDINGS_CSV) ? csv.rows() : null));
      }
      Manifest manifest = new Manifest(Manifest.FORMAT, createdAt, run.runId(), request.jurisdiction(),
          run.inputVersions(), run.policyHash(), CodeVersion.get(), previousManifest, entries);
      byte[] manifestJson = manifest.toJson();
      Files.write(staging.resolve(EvidencePackage.MANIFEST), manifestJson);
      String manifestSha = Digests.sha256(manifestJson);

      List<Attestation.Subject> subjects = new ArrayList<>();
      subjects.add(new Attestation.Subject(EvidencePackage.MANIFEST, manifestSha));
      for (Manifest.Entry e : entries) {
        if (EvidencePackage.REPORTS.contains(e.name())) {
          subjects.add(new Attestation.Subject(e.name(), e.sha256()));
        }
      }
      Map<String, Object> predicate = new LinkedHashMap<>();
      predicate.put("run_id", run.runId());
      predicate.put("jurisdiction", request.jurisdiction());
      predicate.put("policy_hash", run.policyHash());
      predicate.put("code_version", CodeVersion.get());
      predicate.put("created_at", createdAt);
      predicate.put("previous_manifest_sha256", previousManifest);
      byte[] statement = Attestation.statement(subjects, predicate);
      Files.write(staging.resolve(EvidencePackage.ATTESTATION),
          Attestation.envelope(statement, keys.getPrivate(), keys.getPublic()));
      Files.deleteIfExists(out);
      Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
      return new Result(run.runId(), out, csv.rows(), manifestSha, previous,
          SigningKeys.publicKeyFile(config.export().signingKey()),
          config.export().pseudonymKeyFile() == null ? pseudonyms.keyHex() : null);
    } catch (IOException e) {
      throw Errors.io("write the evidence package " + out, e);
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  /** The open findings as the run left them, of members whose group at capture is in the jurisdiction. */
  private Dataset<Row> findings(RunFacts run, List<String> jurisdiction) {
    Dataset<Row> history = DeltaTables.handle(spark, config.output().findings()).history()
        .where(col("timestamp").leq(lit(run.endedAt())))
        .agg(max(col("version")));
    Row version = history.head();
    if (version.isNullAt(0)) {
      throw new AuditException(ErrorCode.IO, "Cannot export run " + run.runId() + ": the findings table "
          + config.output().findings().display() + " has no version written by the run's end " + run.endedAt());
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
      throw new AuditException(ErrorCode.USAGE, "Cannot export: no region group given; expected some of " + known);
    }
    for (String group : jurisdiction) {
      if (!known.contains(group)) {
        throw new AuditException(ErrorCode.USAGE, "Cannot export: unknown region group '" + group
            + "'; expected one of " + known + " (as run " + run.runId() + "'s policy defines them)");
      }
    }
  }

  private static void requireEmpty(Path out) {
    if (!Files.exists(out)) {
      return;
    }
    try (Stream<Path> children = Files.list(out)) {
      if (children.findAny().isPresent()) {
        throw new AuditException(ErrorCode.USAGE, "Cannot export: " + out + " is not empty");
      }
    } catch (IOException e) {
      throw Errors.io("read the output folder " + out, e);
    }
  }

  /** The package beside {@code out} whose manifest is the most recent, if any. */
  static Path latestSibling(Path out) {
    Path parent = out.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return null;
    }
    try (Stream<Path> siblings = Files.list(parent)) {
      return siblings
          .filter(p -> !p.equals(out) && !p.getFileName().toString().startsWith("."))
          .filter(p -> Files.isRegularFile(p.resolve(EvidencePackage.MANIFEST)))
          .flatMap(p -> createdAt(p).map(t -> Map.entry(t, p)).stream())
          .max(Map.Entry.<Instant, Path>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
          .map(Map.Entry::getValue)
          .orElse(null);
    } catch (IOException e) {
      throw Errors.io("look for the previous package beside " + out, e);
    }
  }

  private static Optional<Instant> createdAt(Path dir) {
    try {
      return Optional.ofNullable(Manifest.parse(Files.readAllBytes(dir.resolve(EvidencePackage.MANIFEST))).createdAt())
          .map(Instant::parse);
    } catch (IOException | java.time.format.DateTimeParseException e) {
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
