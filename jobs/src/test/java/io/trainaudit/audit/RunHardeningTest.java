package io.trainaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.report.RunReport;
import io.trainaudit.tables.AuditRuns;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs and events that once stopped a run or left it in a wrong state: each run here must
 * succeed, or fail cleanly, rolled back and recorded with its real cause.
 */
@Tag("job")
class RunHardeningTest {
  private static final String CAP = "2026-03-01T00:00:00Z";
  private static final String TABLES = "tables: {training_snapshots: data/training_snapshots, records: data/records,"
      + " record_visibility: data/record_visibility, consent_events: data/consent_events,"
      + " members: data/members, member_regions: data/member_regions}\n";

  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  /** A member of the EU born in 1990, with one public post. */
  private static InputFixture member(InputFixture f, String member, String record) {
    return f.member(member, "1990-01-01", null).region(member, "DE", "2020-01-01T00:00:00Z")
        .record(record, member, "post", "2025-01-01T00:00:00Z", null)
        .visibility(record, "public", "2025-01-01T00:00:00Z");
  }

  @Test
  void aTrainingRowWithoutSnapshotIdIsQuarantinedAndTheRunSucceeds() throws Exception {
    InputFixture f = member(new InputFixture(), "m1", "r1");
    f.training("s1", CAP, "generative", "internal", "r1", "m1");
    f.training(null, CAP, "generative", "internal", "r1", "m1");
    f.write(spark, dir.resolve("data"));
    AuditConfig config = config("");
    AuditResult result = new AuditJob(spark, config).run();

    assertEquals(new Coverage(2, 1, 1, 0), result.coverage());
    assertEquals(List.of("s1"), result.snapshotIds());
    JsonNode summary = new ObjectMapper().readTree(result.summaryFile().toFile());
    assertEquals("{\"snapshot_id\":null,\"captured_at\":null,\"purpose\":null,\"recipient\":null,\"rows_read\":1,"
        + "\"rows_audited\":0,\"rows_quarantined\":1,\"rows_duplicate\":0,\"violations\":0,\"unverifiable\":0}",
        summary.get("snapshots").get(1).toString());
    assertEquals(1, summary.at("/quarantined_rows_by_table/training_snapshots").asLong());
    assertEquals(List.of("null snapshot_id"), spark.read().format("delta").load(dir.resolve("out/quarantine").toString())
        .select("reason").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    RunReport.Written report = new RunReport(spark, config).write(result.runId(), false);
    assertTrue(Files.readString(report.html()).contains("(no snapshot_id)"));
  }

  @Test
  void badSensitiveContextRowsAreQuarantinedWithTheirReasonsCountedAndTheRunSucceeds() throws Exception {
    InputFixture f = member(new InputFixture(), "m1", "r1");
    f.training("s1", CAP, "generative", "internal", "r1", "m1")
        .sensitiveContext("g1", "trade_union", true, "2025-01-01T00:00:00Z")
        .sensitiveContext(null, "trade_union", true, "2025-01-01T00:00:00Z")
        .sensitiveContext("g1", " ", true, "2025-01-01T00:00:00Z")
        .sensitiveContext("g1", "health", null, "2025-01-01T00:00:00Z")
        .sensitiveContext("g1", "religion", true, null);
    f.write(spark, dir.resolve("data"));
    AuditConfig config = ConfigLoader.fromYaml(
        TABLES.replace("}\n", ", sensitive_contexts: data/sensitive_contexts}\n"), dir, "test.yaml");
    AuditResult result = new AuditJob(spark, config).run();

    assertEquals(new Coverage(1, 1, 0, 0), result.coverage());
    JsonNode summary = new ObjectMapper().readTree(result.summaryFile().toFile());
    assertEquals(4, summary.at("/quarantined_rows_by_table/sensitive_contexts").asLong());
    assertEquals(0, summary.at("/input_versions/sensitive_contexts").asLong());
    assertEquals(List.of("sensitive_contexts: blank category", "sensitive_contexts: null context_id",
            "sensitive_contexts: null effective_from", "sensitive_contexts: null flagged"),
        spark.read().format("delta").load(dir.resolve("out/quarantine").toString()).collectAsList().stream()
            .map(r -> r.getAs("table") + ": " + r.getAs("reason")).sorted().toList());
    assertEquals("succeeded", spark.read().format("delta").load(dir.resolve("out/audit_runs").toString()).first()
        .getAs(AuditRuns.STATUS));
  }

  @Test
  void idsThatShareTheirJoinedTextAreDistinctFindingsRunAfterRun() throws Exception {
    InputFixture f = new InputFixture();
    f.member("m1", null, null).region("m1", "US", "2020-01-01T00:00:00Z")
        .record("r", "m1", "post", "2025-01-01T00:00:00Z", null).visibility("r", "public", "2025-01-01T00:00:00Z")
        .record("x|r", "m1", "post", "2025-01-01T00:00:00Z", null).visibility("x|r", "public", "2025-01-01T00:00:00Z")
        .training("s|x", CAP, "generative", "internal", "r", "m1")
        .training("s", CAP, "generative", "internal", "x|r", "m1");
    f.write(spark, dir.resolve("data"));
    AuditConfig config = config("");
    String first = new AuditJob(spark, config).run().runId();
    String second = new AuditJob(spark, config).run().runId();

    List<Row> findings = findings().orderBy(Findings.SNAPSHOT_ID).collectAsList();
    assertEquals(2, findings.size());
    assertEquals(sha256("11:AGE_UNKNOWN,1:s,3:x|r,"), findings.get(0).getAs(Findings.FINDING_ID));
    assertEquals(sha256("11:AGE_UNKNOWN,3:s|x,1:r,"), findings.get(1).getAs(Findings.FINDING_ID));
    for (Row finding : findings) {
      assertEquals(first, finding.getAs(Findings.FIRST_RUN_ID));
      assertEquals(second, finding.getAs(Findings.AUDIT_RUN_ID));
    }
  }

  @Test
  void aNetstringCountsBytesNotCharacters() throws Exception {
    Row id = spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("UNDER_AGE", "s\u00e9", "\u8a18\u9332")),
            new StructType().add("a", DataTypes.StringType).add("b", DataTypes.StringType).add("c", DataTypes.StringType))
        .select(FindingIdScheme.findingId(org.apache.spark.sql.functions.col("a"), org.apache.spark.sql.functions.col("b"),
            org.apache.spark.sql.functions.col("c"))).first();
    assertEquals(sha256("9:UNDER_AGE,3:s\u00e9,6:\u8a18\u9332,"), id.getString(0));
  }

  @Test
  void aFindingsTableOfTheFirstIdSchemeMigratesInPlaceKeepingEveryLifecycle() throws Exception {
    InputFixture f = member(new InputFixture(), "m1", "r1");
    member(f, "m2", "r2");
    f.consent("e1", "m1", "generative_ai_setting", true, "2025-06-01T00:00:00Z")
        .consent("e2", "m2", "generative_ai_setting", true, "2025-06-01T00:00:00Z")
        .training("s1", CAP, "generative", "internal", "r1", "m1")
        .training("s1", CAP, "generative", "internal", "r2", "m2");
    f.write(spark, dir.resolve("data"));
    AuditConfig config = config("");
    String first = new AuditJob(spark, config).run().runId();
    // The legacy digest of the first run is the one a run of the first scheme would have recorded.
    String legacyDigest = FindingsDigest.of(findings(), null, null);
    new InputFixture().consent("e3", "m2", "generative_ai_setting", false, "2025-07-01T00:00:00Z")
        .append(spark, InputTable.CONSENT_EVENTS, dir.resolve("data/consent_events"));
    String second = new AuditJob(spark, config, AuditScope.full()).run().runId();
    // Back to the first scheme, as an earlier version of the auditor left its tables.
    io.delta.tables.DeltaTable.forPath(spark, dir.resolve("out/findings").toString()).update(Map.of(Findings.FINDING_ID,
        FindingIdScheme.legacyFindingId(org.apache.spark.sql.functions.col(Findings.RULE_ID),
            org.apache.spark.sql.functions.col(Findings.SNAPSHOT_ID), org.apache.spark.sql.functions.col(Findings.RECORD_ID))));
    io.delta.tables.DeltaTable runs = io.delta.tables.DeltaTable.forPath(spark, dir.resolve("out/audit_runs").toString());
    runs.update(Map.of(AuditRuns.FINDING_ID_SCHEME, org.apache.spark.sql.functions.lit(null).cast("string"),
        AuditRuns.DIGEST_SCHEME, org.apache.spark.sql.functions.lit(null).cast("string")));
    runs.update(org.apache.spark.sql.functions.col(AuditRuns.RUN_ID).equalTo(first),
        Map.of(AuditRuns.FINDINGS_DIGEST, org.apache.spark.sql.functions.lit(legacyDigest)));
    // Nor did its findings table have deletion vectors enabled.
    spark.sql("ALTER TABLE delta.`" + dir.resolve("out/findings") + "` UNSET TBLPROPERTIES ('delta.enableDeletionVectors')");
    List<String> before = lifecycle();

    String third = new AuditJob(spark, config, AuditScope.full()).run().runId();

    assertEquals("true", DeltaTables.properties(spark, config.output().findings()).get("delta.enableDeletionVectors"));

    assertEquals(List.of(
        "OPT_OUT_GENERATIVE|s1|r1|open|" + first + "|" + third + "|null|" + sha256("18:OPT_OUT_GENERATIVE,2:s1,2:r1,"),
        "OPT_OUT_GENERATIVE|s1|r2|retracted|" + first + "|" + first + "|" + second + "|"
            + sha256("18:OPT_OUT_GENERATIVE,2:s1,2:r2,")), lifecycle());
    assertEquals(before.stream().map(l -> l.substring(0, l.lastIndexOf('|')).replace(second + "|null", third + "|null"))
        .toList(), lifecycle().stream().map(l -> l.substring(0, l.lastIndexOf('|'))).toList());
    assertTrue(new ReproduceJob(spark, config).reproduce(first).reproduced(), "a run of the first scheme reproduces");
    assertTrue(new ReproduceJob(spark, config).reproduce(third).reproduced());
  }

  @Test
  void extraColumnsWithOddNamesAreIgnored() {
    InputFixture f = member(new InputFixture(), "m1", "r1");
    f.training("s1", CAP, "generative", "internal", "r1", "m1");
    f.write(spark, dir.resolve("data"));
    // Delta takes such names once its column mapping is on, as it is on many real tables.
    for (InputTable table : InputTable.values()) {
      String path = dir.resolve("data").resolve(table.tableName()).toString();
      spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name',"
          + " 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5')");
      spark.sql("ALTER TABLE delta.`" + path + "` ADD COLUMNS (`extra.col` STRING, `with space` INT,"
          + " `back``tick` BOOLEAN)");
    }
    AuditResult result = new AuditJob(spark, config("")).run();
    assertEquals(new Coverage(1, 1, 0, 0), result.coverage());
  }

  @Test
  void aFailureOnceTheRunHoldsTheOutputsRollsBackAndRecordsItsRealCause() throws Exception {
    InputFixture f = member(new InputFixture(), "m1", "r1");
    f.training("s1", CAP, "generative", "internal", "r1", "m1");
    f.training("s1", CAP, "marketing", "internal", "r2", "m1");
    f.write(spark, dir.resolve("data"));
    // A findings table whose finding_id is a number: Spark refuses the append with a checked AnalysisException.
    StructType wrong = FindingsStore.SCHEMA.add("unused", DataTypes.StringType);
    wrong = new StructType(java.util.Arrays.stream(wrong.fields())
        .map(field -> field.name().equals(Findings.FINDING_ID)
            ? new org.apache.spark.sql.types.StructField(field.name(), DataTypes.IntegerType, true, field.metadata())
            : field)
        .toArray(org.apache.spark.sql.types.StructField[]::new));
    spark.createDataFrame(List.of(), wrong).write().format("delta").save(dir.resolve("out/findings").toString());
    AuditConfig config = config("");

    RuntimeException failure = assertThrows(RuntimeException.class, () -> new AuditJob(spark, config).run());

    Row run = spark.read().format("delta").load(dir.resolve("out/audit_runs").toString()).first();
    assertEquals("failed", run.getAs(AuditRuns.STATUS));
    String message = run.getAs(AuditRuns.MESSAGE);
    assertTrue(message.startsWith("org.apache.spark.sql.delta.DeltaAnalysisException: [DELTA_FAILED_TO_MERGE_FIELDS]"),
        message);
    // v1: before it recorded where to roll back to, the run enabled deletion vectors on the table made without them.
    assertTrue(message.endsWith(" (rolled back: findings unchanged at v1, quarantine v1 -> v0,"
        + " model_impact unchanged at v0)"), message);
    assertEquals(0, spark.read().format("delta").load(dir.resolve("out/quarantine").toString()).count());
    assertTrue(failure.getMessage().contains("AnalysisException"), failure.getMessage());
  }

  @Test
  void everyDistinctCopyOfARowIsJudgedAndTheRowCountsOnce() {
    InputFixture f = member(new InputFixture(), "m1", "r1");
    f.member("m2", null, null).region("m2", "US", "2020-01-01T00:00:00Z")
        .consent("e2", "m2", "generative_ai_setting", true, "2025-01-01T00:00:00Z");
    // The same record twice in one snapshot: once kept internal, once shared with an affiliate.
    f.training("s1", CAP, "generative", "internal", "r1", "m1")
        .training("s1", CAP, "generative", "parent_co", "r1", "m1")
        .training("s1", CAP, "generative", "parent_co", "r1", "m1")
        // An unknown record under two members: both copies lack a birth date; the first copy's facts are kept.
        .training("s1", CAP, "generative", "internal", "r-ghost", "m2")
        .training("s1", "2026-02-01T00:00:00Z", "generative", "internal", "r-ghost", "m3");
    f.write(spark, dir.resolve("data"));
    AuditResult result = new AuditJob(spark, config("")).run();

    assertEquals(new Coverage(5, 2, 0, 3), result.coverage());
    List<String> found = findings().orderBy(Findings.RULE_ID, Findings.RECORD_ID).collectAsList().stream()
        .map(r -> r.getAs(Findings.RULE_ID) + "|" + r.getAs(Findings.RECORD_ID) + "|" + r.getAs(Findings.RECIPIENT)
            + "|" + r.getAs(Findings.MEMBER_ID) + "|" + r.getAs(Findings.CAPTURED_AT))
        .toList();
    assertEquals(List.of(
        "AFFILIATE_SHARE_PROTECTED|r1|parent_co|m1|2026-03-01 00:00:00.0",
        "AGE_UNKNOWN|r-ghost|internal|m3|2026-02-01 00:00:00.0",
        "OPT_OUT_GENERATIVE|r-ghost|internal|m2|2026-03-01 00:00:00.0",
        "RECORD_UNKNOWN|r-ghost|internal|m3|2026-02-01 00:00:00.0",
        "REGION_UNKNOWN|r-ghost|internal|m3|2026-02-01 00:00:00.0"), found);
  }

  private AuditConfig config(String extraYaml) {
    return ConfigLoader.fromYaml(TABLES + extraYaml, dir, "test.yaml");
  }

  private Dataset<Row> findings() {
    return spark.read().format("delta").load(dir.resolve("out/findings").toString());
  }

  /** {@code rule|snapshot|record|status|first run|last run|retracting run|finding id}, sorted. */
  private List<String> lifecycle() {
    return findings().collectAsList().stream()
        .map(r -> r.getAs(Findings.RULE_ID) + "|" + r.getAs(Findings.SNAPSHOT_ID) + "|" + r.getAs(Findings.RECORD_ID)
            + "|" + r.getAs(Findings.STATUS) + "|" + r.getAs(Findings.FIRST_RUN_ID) + "|"
            + r.getAs(Findings.AUDIT_RUN_ID) + "|" + r.getAs(Findings.RETRACTED_RUN_ID) + "|"
            + r.getAs(Findings.FINDING_ID))
        .sorted().toList();
  }

  static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

}
