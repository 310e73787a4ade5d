package io.trainaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.rules.RuleRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coverage proof: every training row read is audited, quarantined or counted as a duplicate,
 * per snapshot, whether the rules pass counts per snapshot or the inventory counts distinct rows.
 */
class CoverageProofTest {
  private static final String A = "2026-01-01T00:00:00Z";
  private static final String B = "2026-02-01T00:00:00Z";
  private static final String C = "2026-03-01T00:00:00Z";

  @TempDir static Path dir;
  private static SparkSession spark;

  private static final List<SnapshotCoverage> EXPECTED = List.of(
      new SnapshotCoverage("s-a", Instant.parse(A), "generative", "internal", 3, 2, 0, 1),
      new SnapshotCoverage("s-b", Instant.parse(B), "non_generative", "affiliate", 3, 2, 1, 0),
      new SnapshotCoverage("s-c", Instant.parse(C), "generative", "internal", 1, 1, 0, 0));

  @BeforeAll
  static void writeInputs() {
    spark = TestSpark.session();
    InputFixture f = new InputFixture();
    f.training("s-a", A, "generative", "internal", "r1", "m1");
    f.training("s-a", A, "generative", "internal", "r2", "m1");
    f.training("s-a", A, "generative", "internal", "r2", "m1");
    f.training("s-b", B, "non_generative", "affiliate", "r1", "m1");
    f.training("s-b", B, "non_generative", "internal", "r3", "m2");
    f.training("s-b", B, "marketing", "internal", "r3", "m2");
    f.training("s-c", C, "generative", "internal", "r-unknown", "m2");
    f.record("r1", "m1", "post", "2025-01-01T00:00:00Z", null);
    f.record("r2", "m1", "post", "2025-01-01T00:00:00Z", null);
    f.record("r3", "m2", "comment", "2025-01-01T00:00:00Z", null);
    f.visibility("r1", "public", "2025-01-01T00:00:00Z");
    f.member("m1", "1990-01-01", null);
    f.member("m2", "1991-01-01", null);
    f.region("m1", "US", "2020-01-01T00:00:00Z");
    f.write(spark, dir.resolve("data"));
  }

  @Test
  void theRulesPassCountsEachSnapshotAndTheInventoryAgrees() {
    AuditConfig config = config("per-snapshot");
    Evaluation evaluation = Evaluation.run(AuditInputs.open(spark, config), AuditScope.full(), config.policy(),
        RuleRegistry.enabled(config.policy()), "run-test",
        dir.resolve("per-snapshot").resolve("staging/run-test/findings").toString(), new Progress("test"));
    assertEquals(EXPECTED, evaluation.snapshots());
    assertEquals(new Coverage(7, 5, 1, 1), evaluation.coverage());
  }

  private static AuditConfig config(String name) {
    return ConfigLoader.fromYaml(
        "tables: {training_snapshots: ../data/training_snapshots, records: ../data/records,"
            + " record_visibility: ../data/record_visibility, consent_events: ../data/consent_events,"
            + " members: ../data/members, member_regions: ../data/member_regions}\n",
        dir.resolve(name), "test.yaml");
  }
}
