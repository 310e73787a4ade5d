package io.trainaudit.gate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;

import io.trainaudit.AuditException;
import io.trainaudit.CodeVersion;
import io.trainaudit.Errors;
import io.trainaudit.audit.AuditInputs;
import io.trainaudit.audit.AuditScope;
import io.trainaudit.audit.Coverage;
import io.trainaudit.audit.Evaluation;
import io.trainaudit.audit.Progress;
import io.trainaudit.audit.SnapshotDigest;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.PolicyJson;
import io.trainaudit.evidence.SigningKeys;
import io.trainaudit.rules.Policy;
import io.trainaudit.rules.Rule;
import io.trainaudit.rules.RuleRegistry;
import io.trainaudit.rules.Severity;
import io.trainaudit.spark.Rows;
import io.trainaudit.tables.Exclusions;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.ValidatedTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The pre-training gate: one candidate snapshot, already in training_snapshots and not yet
 * trained on, evaluated with exactly the audit's rules, as-of semantics and quarantine
 * ({@link Evaluation} over {@link AuditScope#candidate}), without touching the audit's findings,
 * quarantine or audit_runs. It replaces the snapshot's rows of the exclusion table in one commit,
 * signs a clearance when there is nothing to exclude, and appends its run to gate_runs. A failed
 * gate replaces no exclusion row and leaves no clearance. Printing the result is the caller's
 * business.
 */
public final class GateJob {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final AuditConfig config;
  private final Policy policy;
  private final List<Rule> rules;
  private final String snapshotId;

  public GateJob(SparkSession spark, AuditConfig config, String snapshotId) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.config = Objects.requireNonNull(config, "config");
    this.snapshotId = Objects.requireNonNull(snapshotId, "snapshotId");
    if (snapshotId.isBlank()) {
      throw GateErrors.blankSnapshot();
    }
    this.policy = config.policy();
    this.rules = RuleRegistry.checked(policy, java.util.Set.copyOf(config.inputTables()));
  }

  public GateResult run() {
    Instant startedAt = Instant.now();
    String gateRunId = newGateRunId(startedAt);
    KeyPair key = signingKey();
    Progress progress = new Progress("gate " + gateRunId);
    String runDir = config.output().staging() + "/" + gateRunId;
    spark.sparkContext().setJobGroup(gateRunId, "trainaudit gate " + gateRunId + " of snapshot " + snapshotId, false);
    try {
      AuditInputs inputs = AuditInputs.open(spark, config);
      Instant evaluatedAt = Instant.now();
      progress.phase("inputs opened", "versions " + inputs.versionsByName());
      GateRunStore runs = new GateRunStore(spark, config.output().gateRuns());
      try {
        GateResult result = gate(gateRunId, inputs, evaluatedAt, runDir, key, progress);
        runs.append(GateRun.ended(result, startedAt, PolicyJson.hash(policy), PolicyJson.json(policy),
            CodeVersion.get(), configFile()));
        progress.phase("gate recorded", result.status().value());
        return result;
      } catch (Throwable e) {
        try {
          deleteClearance(gateRunId);
        } catch (Exception withdrawing) {
          e.addSuppressed(withdrawing);
        }
        try {
          runs.append(GateRun.failed(gateRunId, snapshotId, startedAt, inputs.versionsByName(), PolicyJson.hash(policy),
              PolicyJson.json(policy), CodeVersion.get(), configFile(),
              e instanceof AuditException ? e.getMessage() : e.toString()));
        } catch (Exception recording) {
          e.addSuppressed(recording);
        }
        throw e;
      }
    } finally {
      deleteScratch(runDir);
      spark.sparkContext().clearJobGroup();
    }
  }

  private GateResult gate(String gateRunId, AuditInputs inputs, Instant evaluatedAt, String runDir, KeyPair key,
      Progress progress) {
    Evaluation evaluation = Evaluation.run(inputs, AuditScope.candidate(snapshotId), policy, rules, gateRunId,
        runDir + "/findings", progress);
    Coverage coverage = evaluation.coverage();
    if (coverage.rowsRead() == 0) {
      throw GateErrors.emptyCandidate(snapshotId, config.location(InputTable.TRAINING_SNAPSHOTS));
    }
    String exclusionsDir = runDir + "/exclusions";
    Dataset<Row> exclusions =
        Rows.staged(ExclusionRows.of(evaluation, policy.gateExcludeUnverifiable(), gateRunId), exclusionsDir);
    long excluded = exclusions.count();
    Map<String, Long> bySeverity = new TreeMap<>();
    Map<String, Long> byRule = findingsByRule(evaluation.findings(), bySeverity);
    if (coverage.rowsQuarantined() > 0) {
      byRule.put(Exclusions.INVALID_ROW, coverage.rowsQuarantined());
    }
    Map<String, Long> invalid = coverage.rowsQuarantined() > 0 ? invalidByReason(evaluation) : Map.of();
    progress.phase("judged", Progress.rows(excluded) + " to exclude");
    // The same work as the nightly run's check of a cleared snapshot audited in full: its staged rows hashed.
    SnapshotDigest.Digest digest = SnapshotDigest.bySnapshot(evaluation.training().checkedRows()).get(snapshotId);
    progress.phase("rows digest", digest.sha256() + " of " + Progress.rows(digest.rows()));

    GateStatus status = excluded == 0 ? GateStatus.CLEARED : GateStatus.EXCLUSIONS_NEEDED;
    Path clearance = null;
    Path partial = null;
    if (status == GateStatus.CLEARED) {
      clearance = Clearance.file(config.output().clearances(), snapshotId, gateRunId);
      partial = clearance.resolveSibling(clearance.getFileName() + ".partial");
      Clearance.Facts facts = new Clearance.Facts(snapshotId, digest.rows(), digest.sha256(), inputs.versionsByName(),
          gateRunId, evaluatedAt.toString(), byRule, policy.gateExcludeUnverifiable(), PolicyJson.hash(policy),
          CodeVersion.get(), SigningKeys.publicPem(key.getPublic()));
      write(partial, Clearance.signed(facts, key));
    }
    try {
      new ExclusionStore(spark, config.output().exclusions()).replace(snapshotId, gateRunId, exclusions);
    } catch (Throwable e) {
      deleteQuietly(partial, e);
      throw e;
    }
    progress.phase("exclusions replaced", Progress.rows(excluded) + " for snapshot " + snapshotId);
    if (partial != null) {
      move(partial, clearance);
    }
    return new GateResult(gateRunId, snapshotId, status, coverage, byRule,
        bySeverity.getOrDefault(Severity.VIOLATION.value(), 0L), bySeverity.getOrDefault(Severity.UNVERIFIABLE.value(), 0L),
        excluded, invalid, digest.sha256(), inputs.versionsByName(), policy.gateExcludeUnverifiable(),
        config.output().exclusions(), clearance);
  }

  /** Findings per enabled rule, zero included, in the registry's order; {@code bySeverity} receives the totals. */
  private Map<String, Long> findingsByRule(Dataset<Row> findings, Map<String, Long> bySeverity) {
    Map<String, Long> byRule = new LinkedHashMap<>();
    rules.forEach(r -> byRule.put(r.id().name(), 0L));
    for (Row r : findings.groupBy(col(Findings.RULE_ID), col(Findings.SEVERITY)).agg(count(lit(1))).collectAsList()) {
      byRule.merge(r.getString(0), r.getLong(2), Long::sum);
      bySeverity.merge(r.getString(1), r.getLong(2), Long::sum);
    }
    return byRule;
  }

  /** The candidate's invalid rows per kind of reason: the reason without the value it quotes, a handful of kinds. */
  private static Map<String, Long> invalidByReason(Evaluation evaluation) {
    Column kind = regexp_replace(ValidatedTable.reason(), ": '.*'$", "");
    Map<String, Long> byReason = new TreeMap<>();
    evaluation.training().checkedRows().where(ValidatedTable.isInvalid())
        .groupBy(kind.as(Exclusions.INVALID_REASON)).agg(count(lit(1)))
        .collectAsList()
        .forEach(r -> byReason.put(r.getString(0), r.getLong(1)));
    return byReason;
  }

  /** The evidence key; never created here: a missing key points at {@code keys init}. */
  private KeyPair signingKey() {
    Path file = config.export().signingKey();
    if (!Files.exists(file)) {
      throw GateErrors.signingKeyMissing(file, config.source());
    }
    return SigningKeys.load(file, config.source());
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw GateErrors.clearanceNotWritten(file, e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw GateErrors.clearanceNotWritten(to, e);
    }
  }

  /** A clearance of a run that then failed is withdrawn: no clearance stands for a failed gate. */
  private void deleteClearance(String gateRunId) {
    Path file = Clearance.file(config.output().clearances(), snapshotId, gateRunId);
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".partial"));
    } catch (IOException e) {
      throw Errors.io("withdraw the clearance " + file + " of failed gate run " + gateRunId, e);
    }
  }

  private static void deleteQuietly(Path file, Throwable failure) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private void deleteScratch(String runDir) {
    try {
      org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(runDir);
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(dir, true);
    } catch (IOException e) {
      throw Errors.io("remove the staging directory " + runDir, e);
    }
  }

  private String configFile() {
    return config.source() == null ? null : config.source().toString();
  }

  static String newGateRunId(Instant startedAt) {
    byte[] random = new byte[3];
    ThreadLocalRandom.current().nextBytes(random);
    return "gate-" + ID_TIME.format(startedAt) + "-" + HexFormat.of().formatHex(random);
  }
}
