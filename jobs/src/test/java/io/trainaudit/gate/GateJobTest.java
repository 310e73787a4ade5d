package io.trainaudit.gate;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.audit.Coverage;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.evidence.SigningKeys;
import io.trainaudit.evidence.Trust;
import io.trainaudit.rules.RuleRegistry;
import io.trainaudit.tables.Exclusions;
import io.trainaudit.tables.GateRuns;
import io.trainaudit.tables.InputTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate on five hand-written rows: what it excludes and why, what blocks a clearance, the
 * one-commit replacement of a snapshot's exclusions, the clearance of the cleaned candidate, and
 * what it never touches.
 */
@Tag("job")
class GateJobTest {
  static final String CAP = "2026-03-01T00:00:00Z";
  static final String TABLES = "tables: {training_snapshots: data/training_snapshots, records: data/records,"
      + " record_visibility: data/record_visibility, consent_events: data/consent_events,"
      + " members: data/members, member_regions: data/member_regions}\n";
  static final String PURPOSE_OUTSIDE = "purpose outside [generative, non_generative]";

  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  /** An adult member of the EU with one public post. */
  static InputFixture member(InputFixture f, String member, String birthDate, String record) {
    return f.member(member, birthDate, null).region(member, "DE", "2020-01-01T00:00:00Z")
        .record(record, member, "post", "2025-01-01T00:00:00Z", null)
        .visibility(record, "public", "2025-01-01T00:00:00Z");
  }

  /**
   * Snapshot {@code cand}: r1 clean (twice), r2 of a member opted out, r3 of a member of unknown
   * age, r4 with a purpose outside the vocabulary. Snapshot {@code other}: r2 only.
   */
  static InputFixture candidate() {
    InputFixture f = member(new InputFixture(), "m1", "1990-01-01", "r1");
    member(f, "m2", "1990-01-01", "r2");
    member(f, "m3", null, "r3");
    return f.consent("e1", "m2", "generative_ai_setting", true, "2025-06-01T00:00:00Z")
        .training("cand", CAP, "generative", "internal", "r1", "m1")
        .training("cand", CAP, "generative", "internal", "r1", "m1")
        .training("cand", CAP, "generative", "internal", "r2", "m2")
        .training("cand", CAP, "generative", "internal", "r3", "m3")
        .training("cand", CAP, "research", "internal", "r4", "m1")
        .training("other", CAP, "generative", "internal", "r2", "m2");
  }

  @BeforeEach
  void key() {
    SigningKeys.create(dir.resolve("keys/evidence-signing-key.pem"));
  }

  @Test
  void aCandidateWithViolationsIsRefusedWithOneExclusionRowPerRowToLeaveOut() {
    candidate().write(spark, dir.resolve("data"));
    GateResult result = new GateJob(spark, config(""), "cand").run();

    assertEquals(GateStatus.EXCLUSIONS_NEEDED, result.status());
    assertEquals(new Coverage(5, 3, 1, 1), result.coverage());
    assertEquals(counts("OPT_OUT_GENERATIVE", 1, "AGE_UNKNOWN", 1, "INVALID_ROW", 1), nonZero(result.findingsByRule()));
    assertEquals(RuleRegistry.all().size(), result.findingsByRule().size(),
        "every rule but SENSITIVE_CONTEXT (no sensitive_contexts table is configured), and INVALID_ROW");
    assertEquals(false, result.findingsByRule().containsKey("SENSITIVE_CONTEXT"));
    assertEquals(List.of(1L, 1L, 3L), List.of(result.violations(), result.unverifiable(), result.rowsExcluded()));
    assertEquals(Map.of(PURPOSE_OUTSIDE, 1L), result.invalidRowsByReason());
    assertEquals(null, result.clearanceFile());
    String id = result.gateRunId();
    assertEquals(List.of(
        "cand|r2|m2|[OPT_OUT_GENERATIVE]|[violation]|" + id + "|null",
        "cand|r3|m3|[AGE_UNKNOWN]|[unverifiable]|" + id + "|null",
        "cand|r4|m1|[INVALID_ROW]|[invalid]|" + id + "|" + PURPOSE_OUTSIDE), exclusions());

    Row run = gateRuns().get(0);
    assertEquals(List.of(id, "cand", GateRuns.EXCLUSIONS_NEEDED, 5L, 1L, 3L, result.rowsDigest()),
        List.of(run.getAs(GateRuns.GATE_RUN_ID), run.getAs(GateRuns.SNAPSHOT_ID), run.getAs(GateRuns.STATUS),
            run.getAs(GateRuns.ROWS_READ), run.getAs(GateRuns.ROWS_QUARANTINED), run.getAs(GateRuns.ROWS_EXCLUDED),
            run.getAs(GateRuns.ROWS_DIGEST)));
    assertEquals(null, (Object) run.getAs(GateRuns.CLEARANCE_FILE));
    assertEquals(1L, run.<String, Long>getJavaMap(run.fieldIndex(GateRuns.FINDINGS_BY_RULE)).get("INVALID_ROW"));
    for (String untouched : List.of("findings", "audit_runs", "quarantine", "clearances", "staging/" + id)) {
      assertFalse(Files.exists(dir.resolve("out").resolve(untouched)), "the gate wrote out/" + untouched);
    }
  }

  @Test
  void afterTheAntiJoinTheRegateClearsExactlyTheRowsLeftAndOtherSnapshotsKeepTheirs() {
    candidate().write(spark, dir.resolve("data"));
    AuditConfig config = config("");
    String other = new GateJob(spark, config, "other").run().gateRunId();
    String refused = new GateJob(spark, config, "cand").run().gateRunId();
    antiJoin(refused);

    GateResult cleared = new GateJob(spark, config, "cand").run();
    assertEquals(GateStatus.CLEARED, cleared.status());
    assertEquals(new Coverage(2, 1, 0, 1), cleared.coverage());
    assertEquals(Map.of(), nonZero(cleared.findingsByRule()));
    assertEquals(List.of("other|r2|m2|[OPT_OUT_GENERATIVE]|[violation]|" + other + "|null"), exclusions(),
        "the cleared snapshot has no row left, the other keeps its own");
    Path file = Clearance.file(dir.resolve("out/clearances"), "cand", cleared.gateRunId());
    assertEquals(file, cleared.clearanceFile());
    assertEquals(List.of(GateRuns.EXCLUSIONS_NEEDED, GateRuns.EXCLUSIONS_NEEDED, GateRuns.CLEARED),
        gateRuns().stream().map(r -> r.<String>getAs(GateRuns.STATUS)).toList());
    assertEquals(file.toString(), gateRuns().get(2).getAs(GateRuns.CLEARANCE_FILE));

    Trust trust = Trust.of(dir.resolve("keys/evidence-signing-key.pub.pem"), null);
    ClearanceVerifier.Verification verified = ClearanceVerifier.verify(file, trust, spark, config);
    assertEquals(ClearanceVerifier.Outcome.VERIFIED, verified.outcome(), verified.problems().toString());
    assertEquals(List.of("cand", 2L, cleared.rowsDigest(), cleared.gateRunId()), List.of(verified.facts().snapshotId(),
        verified.facts().rows(), verified.facts().rowsDigest(), verified.facts().gateRunId()));
    assertEquals(new ClearanceVerifier.Rows(2, cleared.rowsDigest(), 1, true), verified.rows());
    assertEquals(Map.of("training_snapshots", 1L, "records", 0L, "record_visibility", 0L, "consent_events", 0L,
        "members", 0L, "member_regions", 0L), verified.facts().inputVersions());

    new InputFixture().training("cand", CAP, "generative", "internal", "r1", "m1")
        .append(spark, InputTable.TRAINING_SNAPSHOTS, dir.resolve("data/training_snapshots"));
    ClearanceVerifier.Verification changed = ClearanceVerifier.verify(file, trust, spark, config);
    assertEquals(ClearanceVerifier.Outcome.NOT_VERIFIED, changed.outcome());
    assertEquals(List.of("rows: the rows of snapshot cand changed since the clearance: it signed 2 rows with digest "
        + cleared.rowsDigest() + ", training_snapshots (version 2) now holds 3 rows with digest "
        + changed.rows().sha256()), changed.problems());
  }

  @Test
  void unverifiableRowsStayWhenThePolicyAllowsThemAndAreStatedInTheClearance() {
    candidate().training("unv", CAP, "generative", "internal", "r3", "m3").write(spark, dir.resolve("data"));
    AuditConfig config = config("policy: {gate_exclude_unverifiable: false}\n");
    GateResult refused = new GateJob(spark, config, "cand").run();
    assertEquals(List.of(
        "cand|r2|m2|[OPT_OUT_GENERATIVE]|[violation]|" + refused.gateRunId() + "|null",
        "cand|r4|m1|[INVALID_ROW]|[invalid]|" + refused.gateRunId() + "|" + PURPOSE_OUTSIDE), exclusions());

    GateResult cleared = new GateJob(spark, config, "unv").run();
    assertEquals(GateStatus.CLEARED, cleared.status());
    assertEquals(counts("AGE_UNKNOWN", 1), nonZero(cleared.findingsByRule()));
    ClearanceVerifier.Verification verified = ClearanceVerifier.verify(cleared.clearanceFile(),
        Trust.of(dir.resolve("keys/evidence-signing-key.pub.pem"), null));
    assertEquals(1L, verified.facts().findingsByRule().get("AGE_UNKNOWN"));
    assertFalse(verified.facts().excludeUnverifiable());
  }

  @Test
  void invalidRowsAloneBlockTheClearanceAndAreListedWithTheirReason() {
    InputFixture f = member(new InputFixture(), "m1", "1990-01-01", "r1");
    f.training("bad", CAP, "generative", "internal", "r1", "m1")
        .training("bad", null, "generative", "internal", "r5", "m1")
        .training("bad", CAP, "generative", "internal", null, "m1")
        .write(spark, dir.resolve("data"));
    GateResult result = new GateJob(spark, config(""), "bad").run();
    assertEquals(GateStatus.EXCLUSIONS_NEEDED, result.status());
    assertEquals(counts("INVALID_ROW", 2), nonZero(result.findingsByRule()));
    assertEquals(List.of(0L, 0L), List.of(result.violations(), result.unverifiable()));
    assertEquals(Map.of("null captured_at", 1L, "null record_id", 1L), result.invalidRowsByReason());
    String id = result.gateRunId();
    assertEquals(List.of(
        "bad|null|m1|[INVALID_ROW]|[invalid]|" + id + "|null record_id",
        "bad|r5|m1|[INVALID_ROW]|[invalid]|" + id + "|null captured_at"), exclusions());
  }

  @Test
  void anEmptyCandidateIsAUsageErrorNeverAClearance() {
    candidate().write(spark, dir.resolve("data"));
    AuditException e = assertThrows(AuditException.class, () -> new GateJob(spark, config(""), "nope").run());
    assertEquals(ErrorCode.USAGE, e.code());
    assertEquals("Cannot gate snapshot nope: training_snapshots (" + dir.resolve("data/training_snapshots")
        + ") holds no row of it; write the candidate's rows first, then gate it", e.getMessage());
    Row run = gateRuns().get(0);
    assertEquals(List.of(GateRuns.FAILED, e.getMessage()), List.of(run.getAs(GateRuns.STATUS), run.getAs(GateRuns.MESSAGE)));
    assertFalse(Files.exists(dir.resolve("out/clearances")));
  }

  @Test
  void aBlankSnapshotIdIsAUsageError() {
    AuditException e = assertThrows(AuditException.class, () -> new GateJob(spark, config(""), " "));
    assertEquals(List.of(ErrorCode.USAGE, "Cannot gate a snapshot: --snapshot names none"), List.of(e.code(), e.getMessage()));
  }

  @Test
  void aMissingSigningKeyPointsAtKeysInitBeforeAnyWork() throws Exception {
    Files.delete(dir.resolve("keys/evidence-signing-key.pem"));
    AuditException e = assertThrows(AuditException.class, () -> new GateJob(spark, config(""), "cand").run());
    assertEquals(ErrorCode.CONFIG, e.code());
    assertEquals("Cannot sign a clearance: the signing key " + dir.resolve("keys/evidence-signing-key.pem")
        + " (export.signing_key) does not exist; create it once with bin/audit keys init --config FILE", e.getMessage());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void twoGatesReplacingTheSameSnapshotTogetherNeverLeaveRowsOfBoth() throws Exception {
    ExclusionStore store = new ExclusionStore(spark, config("").output().exclusions());
    store.replace("keep", "gate-k", rows("keep", "gate-k", 1));
    for (int round = 0; round < 3; round++) {
      List<Throwable> failures = new ArrayList<>();
      List<Thread> gates = new ArrayList<>();
      for (String gate : List.of("gate-a", "gate-b")) {
        Dataset<Row> rows = rows("s", gate, gate.equals("gate-a") ? 3 : 2);
        gates.add(new Thread(() -> {
          try {
            store.replace("s", gate, rows);
          } catch (Throwable t) {
            synchronized (failures) {
              failures.add(t);
            }
          }
        }));
      }
      gates.forEach(Thread::start);
      for (Thread gate : gates) {
        gate.join();
      }
      for (Throwable failure : failures) {
        assertTrue(failure instanceof AuditException a && a.code() == ErrorCode.CONCURRENT_RUN, failure.toString());
      }
      assertTrue(failures.size() < 2, "one of two gates always commits");
      List<Row> left = exclusionRows().where(col(Exclusions.SNAPSHOT_ID).equalTo("s")).collectAsList();
      Set<String> gatesLeft = Set.copyOf(left.stream().map(r -> r.<String>getAs(Exclusions.GATE_RUN_ID)).toList());
      assertEquals(1, gatesLeft.size(), "rows of one gate only: " + left);
      assertEquals(gatesLeft.contains("gate-a") ? 3 : 2, left.size());
    }
    assertEquals(1, exclusionRows().where(col(Exclusions.SNAPSHOT_ID).equalTo("keep")).count());
  }

  @Test
  void theReplaceWherePredicateHoldsTheSnapshotIdOnlyAsHexDigits() {
    assertEquals("snapshot_id = decode(unhex('73272029204f522031203d3d2031202d2d'), 'UTF-8')",
        ExclusionStore.sameSnapshot("s' ) OR 1 == 1 --"));
  }

  private Dataset<Row> rows(String snapshot, String gate, int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(org.apache.spark.sql.RowFactory.create(snapshot, "r" + i, "m" + i, List.of("UNDER_AGE"),
          List.of("violation"), gate, null));
    }
    return spark.createDataFrame(rows, Exclusions.SCHEMA);
  }

  /** The training pipeline's step: the excluded rows of the candidate deleted, null-safe on record_id, in one commit. */
  private void antiJoin(String gateRunId) {
    Dataset<Row> excluded = exclusionRows().where(col(Exclusions.GATE_RUN_ID).equalTo(gateRunId));
    DeltaTable.forPath(spark, dir.resolve("data/training_snapshots").toString()).as("t")
        .merge(excluded.as("e"), col("t.snapshot_id").equalTo(col("e.snapshot_id"))
            .and(col("t.record_id").eqNullSafe(col("e.record_id"))))
        .whenMatched().delete()
        .execute();
  }

  private AuditConfig config(String extra) {
    return ConfigLoader.fromYaml(TABLES + extra, dir, "audit.yaml");
  }

  private Dataset<Row> exclusionRows() {
    return spark.read().format("delta").load(dir.resolve("out/exclusions").toString());
  }

  /** The exclusion table as sorted lines {@code snapshot|record|member|rules|severities|gate run|invalid reason}. */
  private List<String> exclusions() {
    return exclusionRows().collectAsList().stream()
        .map(r -> r.getAs(Exclusions.SNAPSHOT_ID) + "|" + r.getAs(Exclusions.RECORD_ID) + "|" + r.getAs(Exclusions.MEMBER_ID)
            + "|" + r.getList(r.fieldIndex(Exclusions.RULE_IDS)) + "|" + r.getList(r.fieldIndex(Exclusions.SEVERITIES))
            + "|" + r.getAs(Exclusions.GATE_RUN_ID) + "|" + r.getAs(Exclusions.INVALID_REASON))
        .sorted().toList();
  }

  private List<Row> gateRuns() {
    return spark.read().format("delta").load(dir.resolve("out/gate_runs").toString())
        .orderBy(GateRuns.ENDED_AT).collectAsList();
  }

  static Map<String, Long> counts(Object... ruleAndCount) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < ruleAndCount.length; i += 2) {
      counts.put((String) ruleAndCount[i], ((Number) ruleAndCount[i + 1]).longValue());
    }
    return counts;
  }

  private static Map<String, Long> nonZero(Map<String, Long> counts) {
    Map<String, Long> nonZero = new java.util.TreeMap<>();
    counts.forEach((rule, n) -> {
      if (n > 0) {
        nonZero.put(rule, n);
      }
    });
    return new java.util.TreeMap<>(nonZero);
  }
}
