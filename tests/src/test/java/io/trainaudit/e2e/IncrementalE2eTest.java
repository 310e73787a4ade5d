package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.tables.AuditRuns;
import io.trainaudit.tables.InputTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nightly incremental runs: night 2 audits the new snapshot and, in the snapshot night 1 already
 * audited, exactly the rows whose evidence arrived late or was corrected; a third run over
 * unchanged inputs changes nothing; the incremental run is reproduced from its recorded versions.
 * A night after the policy changed what the rules find audits every snapshot again. A night on
 * tables partitioned, column-mapped and with deletion vectors finds what a full run finds; after
 * the tables were compacted, one finds nothing to read.
 */
@Tag("e2e")
class IncrementalE2eTest {
  private static final String NIGHT1_CAPTURE = "2026-01-01T00:00:00Z";
  private static final String NIGHT2_CAPTURE = "2026-02-01T00:00:00Z";

  @TempDir Path dir;
  private final SparkSession spark = TestSpark.session();

  @Test
  void nightTwoAuditsNewSnapshotsAndTheRowsWhoseEvidenceChanged() throws Exception {
    InputFixture night1 = adultsInTheUs("m1", "m2", "m3");
    night1.record("r1", "m1", "post", "2025-06-01T00:00:00Z", null).visibility("r1", "public", "2025-06-01T00:00:00Z")
        .record("r2", "m2", "post", "2025-06-01T00:00:00Z", null).visibility("r2", "public", "2025-06-01T00:00:00Z")
        .record("r3", "m3", "post", "2025-06-01T00:00:00Z", "2025-12-01T00:00:00Z")
        .visibility("r3", "public", "2025-06-01T00:00:00Z")
        .training("s1", NIGHT1_CAPTURE, "generative", "internal", "r1", "m1")
        .training("s1", NIGHT1_CAPTURE, "generative", "internal", "r2", "m2")
        .training("s1", NIGHT1_CAPTURE, "generative", "internal", "r3", "m3");
    night1.write(spark, dir.resolve("data"));
    Path config = Files.writeString(dir.resolve("audit.yaml"), "policy: {opt_out_mode: use_time}\n");

    Cli.Outcome first = Cli.run("run", "--config", config.toString());
    assertEquals(1, first.exitCode(), first.err());
    String run1 = latestRun().getAs(AuditRuns.RUN_ID);
    assertEquals("full", latestRun().getAs(AuditRuns.MODE));
    assertEquals(List.of("DELETED_DATA|s1|r3|open|" + run1 + "|" + run1 + "|null"), findings());

    // Night 2: a new snapshot, a late opt-out dated before night 1's capture, and a corrected deletion.
    spark.sql("ALTER TABLE delta.`" + dir.resolve("data/consent_events") + "`"
        + " SET TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    appendSnapshotS2AndALateOptOutOfM1();
    DeltaTable.forPath(spark, dir.resolve("data/records").toString())
        .updateExpr("record_id = 'r3'", Map.of("deleted_at", "null"));

    Cli.Outcome second = Cli.run("run", "--config", config.toString());
    assertEquals(1, second.exitCode(), second.err());
    Row night2 = latestRun();
    String run2 = night2.getAs(AuditRuns.RUN_ID);
    assertEquals("incremental", night2.getAs(AuditRuns.MODE));
    assertEquals(run1, night2.getAs(AuditRuns.BASELINE_RUN_ID));
    assertEquals(List.of("s2"), night2.getList(night2.fieldIndex(AuditRuns.SNAPSHOTS)));
    // s2 in full (r1, r2), and in s1 the rows of the changed member m1 and the corrected record r3.
    assertEquals(4L, (long) night2.getAs(AuditRuns.ROWS_READ));
    assertEquals(4L, (long) night2.getAs(AuditRuns.ROWS_AUDITED));
    List<String> afterNight2 = List.of(
        "DELETED_DATA|s1|r3|retracted|" + run1 + "|" + run1 + "|" + run2,
        "OPT_OUT_GENERATIVE|s1|r1|open|" + run2 + "|" + run2 + "|null",
        "OPT_OUT_GENERATIVE|s2|r1|open|" + run2 + "|" + run2 + "|null");
    assertEquals(afterNight2, findings());
    List<Row> findingsAfterNight2 = table("out/findings");
    List<Row> quarantineAfterNight2 = table("out/quarantine");

    Cli.Outcome rerun = Cli.run("run", "--config", config.toString());
    assertEquals(0, rerun.exitCode(), rerun.err());
    Row night3 = latestRun();
    assertEquals("incremental", night3.getAs(AuditRuns.MODE));
    assertEquals(0L, (long) night3.getAs(AuditRuns.ROWS_READ));
    assertEquals(findingsAfterNight2, table("out/findings"));
    assertEquals(quarantineAfterNight2, table("out/quarantine"));

    Cli.Outcome reproduced = Cli.run("reproduce", "--run", run2, "--config", config.toString());
    assertEquals(0, reproduced.exitCode(), reproduced.err());
    assertTrue(reproduced.out().startsWith("REPRODUCED (run " + run2 + ")"), reproduced.out());
  }

  @Test
  void aNightAfterThePolicyChangedAuditsEverySnapshotAgainButNotAfterARetentionChange() throws Exception {
    InputFixture data = adultsInTheUs("m1", "m2");
    data.record("r1", "m1", "post", "2025-06-01T00:00:00Z", null).visibility("r1", "public", "2025-06-01T00:00:00Z")
        .record("r2", "m2", "post", "2025-06-01T00:00:00Z", null).visibility("r2", "public", "2025-06-01T00:00:00Z")
        .training("s1", NIGHT1_CAPTURE, "generative", "internal", "r1", "m1")
        .training("s1", NIGHT1_CAPTURE, "generative", "internal", "r2", "m2");
    data.write(spark, dir.resolve("data"));
    Path config = dir.resolve("audit.yaml");
    Files.writeString(config, "policy: {opt_out_mode: use_time}\n");
    Cli.Outcome first = Cli.run("run", "--config", config.toString());
    assertEquals(0, first.exitCode(), first.err());
    assertEquals(List.of(), findings());

    // Both members are 36 at s1's capture: under a minimum age of 40, all of s1 must be judged again.
    Files.writeString(config, "policy: {opt_out_mode: use_time, minimum_age: 40}\n");
    Cli.Outcome second = Cli.run("run", "--config", config.toString());
    assertEquals(1, second.exitCode(), second.err());
    Row night2 = latestRun();
    String run2 = night2.getAs(AuditRuns.RUN_ID);
    assertEquals("full", night2.getAs(AuditRuns.MODE));
    assertTrue(night2.isNullAt(night2.fieldIndex(AuditRuns.BASELINE_RUN_ID)));
    assertEquals(2L, (long) night2.getAs(AuditRuns.ROWS_AUDITED));
    List<String> underAge = List.of(
        "UNDER_AGE|s1|r1|open|" + run2 + "|" + run2 + "|null",
        "UNDER_AGE|s1|r2|open|" + run2 + "|" + run2 + "|null");
    assertEquals(underAge, findings());

    // How long evidence is kept changes no finding: the next night has nothing to audit.
    Files.writeString(config, "policy: {opt_out_mode: use_time, minimum_age: 40, evidence_retention_days: 3000}\n");
    Cli.Outcome third = Cli.run("run", "--config", config.toString());
    assertEquals(0, third.exitCode(), third.err());
    Row night3 = latestRun();
    assertEquals("incremental", night3.getAs(AuditRuns.MODE));
    assertEquals(run2, night3.getAs(AuditRuns.BASELINE_RUN_ID));
    assertEquals(0L, (long) night3.getAs(AuditRuns.ROWS_READ));
    assertEquals(underAge, findings());
  }

  /**
   * A night on input tables laid out as docs/operations.md advises and changed as Delta lets them
   * change: the training table partitioned by snapshot; records with column mapping, one column
   * dropped and added again (so that the files name it otherwise than the table does), and
   * deletion vectors (an update marks its old rows deleted in place). The night audits exactly the
   * new snapshot and the changed rows, and finds what a full run over the same data then confirms.
   */
  @Test
  void aNightOnPartitionedMappedTablesWithDeletionVectorsFindsWhatAFullRunFinds() throws Exception {
    InputFixture data = adultsInTheUs("m1", "m2", "m3");
    for (String r : List.of("r1", "r2", "r3")) {
      String member = "m" + r.substring(1);
      data.record(r, member, "post", "2025-06-01T00:00:00Z", r.equals("r3") ? "2025-12-01T00:00:00Z" : null)
          .visibility(r, "public", "2025-06-01T00:00:00Z")
          .training("s1", NIGHT1_CAPTURE, "generative", "internal", r, member);
    }
    data.write(spark, dir.resolve("data"));
    String training = dir.resolve("data/training_snapshots").toString();
    spark.read().format("delta").load(training).write().format("delta").mode("overwrite")
        .option("overwriteSchema", "true").partitionBy("snapshot_id").save(training);
    String records = "delta.`" + dir.resolve("data/records") + "`";
    spark.sql("ALTER TABLE " + records + " SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name',"
        + " 'delta.enableDeletionVectors' = 'true')");
    spark.sql("ALTER TABLE " + records + " DROP COLUMN context_id");
    spark.sql("ALTER TABLE " + records + " ADD COLUMNS (context_id STRING)");
    Path config = Files.writeString(dir.resolve("audit.yaml"), "policy: {opt_out_mode: use_time}\n");
    Cli.Outcome first = Cli.run("run", "--config", config.toString());
    assertEquals(1, first.exitCode(), first.err());
    String run1 = latestRun().getAs(AuditRuns.RUN_ID);
    assertEquals(List.of("DELETED_DATA|s1|r3|open|" + run1 + "|" + run1 + "|null"), findings());

    // Night 2: a new snapshot, a late opt-out, a record deleted in place and a deletion corrected.
    appendSnapshotS2AndALateOptOutOfM1();
    spark.sql("UPDATE " + records + " SET deleted_at = TIMESTAMP '2025-12-20 00:00:00Z' WHERE record_id = 'r2'");
    spark.sql("UPDATE " + records + " SET deleted_at = NULL WHERE record_id = 'r3'");
    Row layout = DeltaTable.forPath(spark, training).detail().first();
    assertEquals(List.of("snapshot_id"), layout.getList(layout.fieldIndex("partitionColumns")));
    // The first update marked r2's old row deleted in place: a deletion vector, not a rewritten file.
    Row update = DeltaTable.forPath(spark, dir.resolve("data/records").toString()).history(2).orderBy("version")
        .first();
    assertEquals("1", update.<String, String>getJavaMap(update.fieldIndex("operationMetrics"))
        .get("numDeletionVectorsAdded"), update.toString());

    Cli.Outcome second = Cli.run("run", "--config", config.toString());
    assertEquals(1, second.exitCode(), second.err());
    Row night2 = latestRun();
    String run2 = night2.getAs(AuditRuns.RUN_ID);
    assertEquals("incremental", night2.getAs(AuditRuns.MODE));
    assertEquals(List.of("s2"), night2.getList(night2.fieldIndex(AuditRuns.SNAPSHOTS)));
    // s2 in full (r1, r2), and in s1 the rows of the changed member m1 and the changed records r2 and r3.
    assertEquals(5L, (long) night2.getAs(AuditRuns.ROWS_READ));
    List<String> afterNight2 = List.of(
        "DELETED_DATA|s1|r2|open|" + run2 + "|" + run2 + "|null",
        "DELETED_DATA|s1|r3|retracted|" + run1 + "|" + run1 + "|" + run2,
        "DELETED_DATA|s2|r2|open|" + run2 + "|" + run2 + "|null",
        "OPT_OUT_GENERATIVE|s1|r1|open|" + run2 + "|" + run2 + "|null",
        "OPT_OUT_GENERATIVE|s2|r1|open|" + run2 + "|" + run2 + "|null");
    assertEquals(afterNight2, findings());

    Cli.Outcome full = Cli.run("run", "--config", config.toString(), "--full");
    assertEquals(1, full.exitCode(), full.err());
    String run3 = latestRun().getAs(AuditRuns.RUN_ID);
    assertEquals(afterNight2.stream().map(line -> line.replaceAll("\\|" + run2 + "\\|null$", "|" + run3 + "|null"))
        .toList(), findings());
  }

  /**
   * OPTIMIZE (with ZORDER, as docs/operations.md advises) between two nights rewrites the files of
   * the training table and of the histories without changing a row: the next night finds nothing
   * new to read, and the findings stay as they were.
   */
  @Test
  void aNightAfterTheTablesWereCompactedReadsNothing() throws Exception {
    InputFixture data = adultsInTheUs("m1", "m2");
    data.record("r1", "m1", "post", "2025-06-01T00:00:00Z", null).visibility("r1", "public", "2025-06-01T00:00:00Z")
        .consent("e1", "m1", "generative_ai_setting", true, "2025-06-01T00:00:00Z")
        .training("s1", NIGHT1_CAPTURE, "generative", "internal", "r1", "m1");
    data.write(spark, dir.resolve("data"));
    // A second file in each table, so that OPTIMIZE has files to compact.
    new InputFixture().record("r2", "m2", "post", "2025-06-01T00:00:00Z", null)
        .append(spark, InputTable.RECORDS, dir.resolve("data/records"));
    new InputFixture().visibility("r2", "public", "2025-06-01T00:00:00Z")
        .append(spark, InputTable.RECORD_VISIBILITY, dir.resolve("data/record_visibility"));
    new InputFixture().consent("e2", "m2", "generative_ai_setting", false, "2025-06-01T00:00:00Z")
        .append(spark, InputTable.CONSENT_EVENTS, dir.resolve("data/consent_events"));
    new InputFixture().training("s1", NIGHT1_CAPTURE, "generative", "internal", "r2", "m2")
        .append(spark, InputTable.TRAINING_SNAPSHOTS, dir.resolve("data/training_snapshots"));
    Path config = Files.writeString(dir.resolve("audit.yaml"), "policy: {opt_out_mode: use_time}\n");
    Cli.Outcome first = Cli.run("run", "--config", config.toString());
    assertEquals(1, first.exitCode(), first.err());
    String run1 = latestRun().getAs(AuditRuns.RUN_ID);
    List<String> found = List.of("OPT_OUT_GENERATIVE|s1|r1|open|" + run1 + "|" + run1 + "|null");
    assertEquals(found, findings());

    Map<String, String> zOrder = Map.of("training_snapshots", "record_id", "records", "record_id",
        "record_visibility", "record_id", "consent_events", "member_id");
    zOrder.forEach((table, column) -> {
      Row optimized = spark.sql("OPTIMIZE delta.`" + dir.resolve("data").resolve(table) + "` ZORDER BY (" + column
          + ")").first();
      Row metrics = optimized.getStruct(optimized.fieldIndex("metrics"));
      assertEquals(2L, (long) metrics.getAs("numFilesRemoved"), table);
    });

    Cli.Outcome second = Cli.run("run", "--config", config.toString());
    assertEquals(0, second.exitCode(), second.err());
    Row night2 = latestRun();
    assertEquals("incremental", night2.getAs(AuditRuns.MODE));
    assertEquals(0L, (long) night2.getAs(AuditRuns.ROWS_READ));
    assertEquals(found, findings());
  }

  /** Night 2's news: snapshot s2 of r1 and r2, and m1's opt-out dated before night 1's capture. */
  private void appendSnapshotS2AndALateOptOutOfM1() {
    new InputFixture()
        .training("s2", NIGHT2_CAPTURE, "generative", "internal", "r1", "m1")
        .training("s2", NIGHT2_CAPTURE, "generative", "internal", "r2", "m2")
        .append(spark, InputTable.TRAINING_SNAPSHOTS, dir.resolve("data/training_snapshots"));
    new InputFixture().consent("e1", "m1", "generative_ai_setting", true, "2025-12-15T00:00:00Z")
        .append(spark, InputTable.CONSENT_EVENTS, dir.resolve("data/consent_events"));
  }

  /** A fixture with these members, born in 1990 and in the US since 2020: adults outside every protected region. */
  private static InputFixture adultsInTheUs(String... members) {
    InputFixture fixture = new InputFixture();
    for (String m : members) {
      fixture.member(m, "1990-01-01", null).region(m, "US", "2020-01-01T00:00:00Z");
    }
    return fixture;
  }

  private Row latestRun() {
    return spark.read().format("delta").load(dir.resolve("out/audit_runs").toString())
        .orderBy(org.apache.spark.sql.functions.col(AuditRuns.STARTED_AT).desc()).first();
  }

  private List<Row> table(String name) {
    org.apache.spark.sql.Dataset<Row> rows = spark.read().format("delta").load(dir.resolve(name).toString());
    return rows.sort(rows.columns()[0], java.util.Arrays.copyOfRange(rows.columns(), 1, rows.columns().length))
        .collectAsList();
  }

  private List<String> findings() {
    return GeneratedData.lifecycle(spark, dir.resolve("out/findings"));
  }

}
