package io.trainaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill between two nights does not hide late evidence from the second: the night reads the
 * changes since the last full or incremental run, which audited every snapshot, not since the
 * backfill, which re-audited only the ones it was given.
 */
@Tag("job")
class BackfillBaselineTest {
  private static final String S1 = "2026-01-01T00:00:00Z";
  private static final String S2 = "2026-02-01T00:00:00Z";
  private static final String TABLES = "tables: {training_snapshots: data/training_snapshots, records: data/records,"
      + " record_visibility: data/record_visibility, consent_events: data/consent_events,"
      + " members: data/members, member_regions: data/member_regions}\n";

  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  @Test
  void aNightAfterABackfillReChecksTheSnapshotsTheBackfillLeftOut() throws Exception {
    new InputFixture()
        .member("m1", "1990-01-01", null).region("m1", "US", "2020-01-01T00:00:00Z")
        .record("r1", "m1", "post", "2025-07-01T00:00:00Z", null).visibility("r1", "public", "2025-07-01T00:00:00Z")
        .training("s1", S1, "generative", "internal", "r1", "m1")
        .training("s2", S2, "generative", "internal", "r1", "m1")
        .write(spark, dir.resolve("data"));
    AuditConfig config = ConfigLoader.fromYaml(TABLES, dir, "test.yaml");
    new AuditJob(spark, config).run();
    // Late evidence: an opt-out dated before both captures, then a backfill of s2 alone.
    new InputFixture().consent("e1", "m1", "generative_ai_setting", true, "2025-12-01T00:00:00Z")
        .append(spark, InputTable.CONSENT_EVENTS, dir.resolve("data/consent_events"));
    new AuditJob(spark, config, AuditScope.snapshots(Set.of("s2"))).run();
    assertEquals(List.of("OPT_OUT_GENERATIVE|s2|r1|open"), findings());

    AuditResult night = new AuditJob(spark, config, AuditScope.sinceLastRun()).run();

    assertEquals(List.of("OPT_OUT_GENERATIVE|s1|r1|open", "OPT_OUT_GENERATIVE|s2|r1|open"), findings());
    assertEquals(new Coverage(2, 2, 0, 0), night.coverage());
  }

  private List<String> findings() {
    return spark.read().format("delta").load(dir.resolve("out/findings").toString()).collectAsList().stream()
        .map(r -> r.getAs(Findings.RULE_ID) + "|" + r.getAs(Findings.SNAPSHOT_ID) + "|" + r.getAs(Findings.RECORD_ID)
            + "|" + r.getAs(Findings.STATUS))
        .sorted().toList();
  }
}
