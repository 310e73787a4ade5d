package io.trainaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.tables.AuditRuns;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lease a run holds on its outputs, in audit_runs: a live one refuses a second run, whatever
 * its staging folder; one that expired, or whose process on this host is gone, is rolled back.
 */
@Tag("job")
class RunLeaseTest {
  private static final String FAR = "2099-01-01T00:00:00Z";
  @TempDir static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void writeInputs() {
    spark = TestSpark.session();
    new InputFixture()
        .member("m1", "1990-01-01", null).region("m1", "US", "2020-01-01T00:00:00Z")
        .record("r1", "m1", "post", "2025-01-01T00:00:00Z", null).visibility("r1", "public", "2025-01-01T00:00:00Z")
        .training("s1", "2026-03-01T00:00:00Z", "generative", "internal", "r1", "m1")
        .write(spark, dir.resolve("data"));
  }

  @Test
  void aLiveLeaseOfAnotherHostRefusesTheRunWhateverItsStaging() {
    AuditConfig config = config("live", "output: {staging: elsewhere/staging}\n");
    hold(config, "run-elsewhere", "pid=4242 host=other.example started=2026-01-01T00:00:00Z", Instant.parse(FAR));
    AuditException refused = assertThrows(AuditException.class, () -> new AuditJob(spark, config).run());
    assertEquals(ErrorCode.CONCURRENT_RUN, refused.code());
    assertEquals("Cannot start the audit: another run is in progress on these outputs (run run-elsewhere by process"
        + " 4242 on host other.example, its lease runs until " + FAR + ")", refused.getMessage());
    assertEquals(List.of("run-elsewhere|running"), runs(config));
  }

  @Test
  void anExpiredLeaseIsADeadRunRolledBackByTheNextOne() {
    AuditConfig config = config("expired", "");
    hold(config, "run-expired", "pid=4242 host=other.example started=2026-01-01T00:00:00Z",
        Instant.now().minusSeconds(1));
    AuditResult result = new AuditJob(spark, config).run();
    assertEquals(List.of(result.runId() + "|succeeded", "run-expired|abandoned"), runs(config));
    assertEquals("found still running by a later run (killed or crashed); rolled back: findings unchanged at v0,"
        + " quarantine unchanged at v0", message(config, "run-expired"));
  }

  @Test
  void aLeaseWhoseProcessIsGoneOnThisHostEndsAtOnce() {
    AuditConfig config = config("dead", "");
    LeaseOwner here = LeaseOwner.current();
    String gone = new LeaseOwner(here.host(), Integer.MAX_VALUE, Optional.of(Instant.parse("2026-01-01T00:00:00Z")))
        .encoded();
    hold(config, "run-dead", gone, Instant.parse(FAR));
    AuditResult result = new AuditJob(spark, config).run();
    assertEquals(List.of(result.runId() + "|succeeded", "run-dead|abandoned"), runs(config));
  }

  @Test
  void ownersReadBackAsWritten() {
    LeaseOwner owner = new LeaseOwner("h.example", 12, Optional.of(Instant.parse("2026-01-01T00:00:00.123Z")));
    assertEquals("pid=12 host=h.example started=2026-01-01T00:00:00.123Z", owner.encoded());
    assertEquals(Optional.of(owner), LeaseOwner.parse(owner.encoded()));
    assertEquals(Optional.empty(), LeaseOwner.parse("run run-1 by process 12"));
    assertTrue(!LeaseOwner.current().isDeadHere());
  }

  /** A running row holding the outputs, as another process would have left it. */
  private static void hold(AuditConfig config, String runId, String owner, Instant until) {
    RunRecord run = RunRecord.started(runId, Instant.parse("2026-01-01T00:00:00Z"), RunMode.FULL, "use_time",
        Map.of(), "hash", "{}", "test", null, owner).withOutputVersions(Map.of("findings", 0L, "quarantine", 0L));
    new Rollback(spark, config).outputVersions();
    assertTrue(new RunStore(spark, config.output().auditRuns()).startIfFree(run, Instant.parse("2025-01-01T00:00:00Z"),
        until).isPresent());
  }

  private static List<String> runs(AuditConfig config) {
    return spark.read().format("delta").load(dir.resolve(config.output().auditRuns().display()).toString())
        .collectAsList().stream().map(r -> r.getAs(AuditRuns.RUN_ID) + "|" + r.getAs(AuditRuns.STATUS)).sorted()
        .toList();
  }

  private static String message(AuditConfig config, String runId) {
    return new RunStore(spark, config.output().auditRuns()).find(runId).message();
  }

  private static AuditConfig config(String name, String yaml) {
    return ConfigLoader.fromYaml(
        "tables: {training_snapshots: ../data/training_snapshots, records: ../data/records,"
            + " record_visibility: ../data/record_visibility, consent_events: ../data/consent_events,"
            + " members: ../data/members, member_regions: ../data/member_regions}\n" + yaml,
        dir.resolve(name), "test.yaml");
  }
}
