package io.trainaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.delta.tables.DeltaTable;
import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nights whose changes name more records of snapshots already audited than the findings merge
 * lists in its condition ({@link FindingsStore#MAX_LISTED_RECORDS}): the merge then looks every
 * finding up, and opens, confirms and retracts exactly as when it lists them.
 */
@Tag("job")
class ManyRecordsNightTest {
  private static final int RECORDS = FindingsStore.MAX_LISTED_RECORDS + 1;
  private static final String S1 = "2026-01-01T00:00:00Z";
  private static final String S2 = "2026-02-01T00:00:00Z";

  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  @Test
  void aLateOptOutOfAMemberWithMoreRecordsThanTheConditionListsOpensThenRetractsEachFinding() throws Exception {
    InputFixture f = new InputFixture();
    for (String m : new String[] {"m1", "m2"}) {
      f.member(m, "1990-01-01", null).region(m, "US", "2020-01-01T00:00:00Z");
    }
    for (int i = 0; i < RECORDS; i++) {
      String record = String.format("r%06d", i);
      f.record(record, "m1", "post", "2025-06-01T00:00:00Z", null).visibility(record, "public", "2025-06-01T00:00:00Z")
          .training("s1", S1, "generative", "internal", record, "m1");
    }
    f.record("q1", "m2", "post", "2025-06-01T00:00:00Z", null).visibility("q1", "public", "2025-06-01T00:00:00Z")
        .training("s1", S1, "generative", "internal", "q1", "m2");
    f.write(spark, dir.resolve("data"));
    AuditConfig config = ConfigLoader.fromYaml("policy: {opt_out_mode: use_time}\n", dir, "test.yaml");

    new AuditJob(spark, config).run();
    assertEquals(Map.of(), lifecycles());

    // Night 2: m1's opt-out, dated before s1's capture, arrives with a new snapshot s2 of q1.
    new InputFixture().consent("e1", "m1", "generative_ai_setting", true, "2025-12-15T00:00:00Z")
        .append(spark, InputTable.CONSENT_EVENTS, dir.resolve("data/consent_events"));
    new InputFixture().training("s2", S2, "generative", "internal", "q1", "m2")
        .append(spark, InputTable.TRAINING_SNAPSHOTS, dir.resolve("data/training_snapshots"));
    AuditResult night2 = new AuditJob(spark, config, AuditScope.sinceLastRun()).run();
    assertEquals(new Coverage(RECORDS + 1, RECORDS + 1, 0, 0), night2.coverage());
    assertEquals(Map.of("OPT_OUT_GENERATIVE|s1|open|" + night2.runId() + "|null", (long) RECORDS), lifecycles());

    // Night 3: the opt-out was recorded in error and is deleted; every one of its findings is retracted.
    DeltaTable.forPath(spark, dir.resolve("data/consent_events").toString()).delete("event_id = 'e1'");
    AuditResult night3 = new AuditJob(spark, config, AuditScope.sinceLastRun()).run();
    assertEquals(new Coverage(RECORDS, RECORDS, 0, 0), night3.coverage());
    assertEquals(Map.of("OPT_OUT_GENERATIVE|s1|retracted|" + night2.runId() + "|" + night3.runId(), (long) RECORDS),
        lifecycles());
  }

  /** The findings counted by rule, snapshot, status, first run and retracting run. */
  private Map<String, Long> lifecycles() {
    Map<String, Long> counts = new TreeMap<>();
    spark.read().format("delta").load(dir.resolve("out/findings").toString())
        .groupBy(Findings.RULE_ID, Findings.SNAPSHOT_ID, Findings.STATUS, Findings.FIRST_RUN_ID,
            Findings.RETRACTED_RUN_ID)
        .count().collectAsList()
        .forEach(r -> counts.put(r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3)
            + "|" + r.getString(4), r.getLong(5)));
    return counts;
  }
}
