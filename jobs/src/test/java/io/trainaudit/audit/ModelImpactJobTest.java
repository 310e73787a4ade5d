package io.trainaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.AuditException;
import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.lineage.ImpactRow;
import io.trainaudit.member.MemberStatement;
import io.trainaudit.member.MemberStatementJob;
import io.trainaudit.tables.Quarantine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model impact on five training rows: each model version counts the open findings of the snapshots
 * it was trained on (members and records distinct, first and last snapshot by capture), invalid
 * lineage rows are quarantined with their reason, and a run without model_trainings writes no row
 * and says so. A member statement of the same data reads back the same facts.
 */
@Tag("job")
class ModelImpactJobTest {
  private static final String S1 = "2026-01-01T00:00:00Z";
  private static final String S2 = "2026-02-01T00:00:00Z";
  private static final String TABLES = "tables: {training_snapshots: data/training_snapshots, records: data/records,"
      + " record_visibility: data/record_visibility, consent_events: data/consent_events,"
      + " members: data/members, member_regions: data/member_regions";

  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  @BeforeEach
  void fixture() {
    InputFixture f = new InputFixture();
    // m1 opted out before both captures: both of its rows break OPT_OUT_GENERATIVE; m2 is deleted in s2 only.
    f.member("m1", "1990-01-01", null).region("m1", "US", "2020-01-01T00:00:00Z")
        .consent("e1", "m1", "generative_ai_setting", true, "2025-06-01T00:00:00Z")
        .record("r1", "m1", "post", "2025-07-01T00:00:00Z", null).visibility("r1", "public", "2025-07-01T00:00:00Z")
        .training("s1", S1, "generative", "internal", "r1", "m1")
        .training("s2", S2, "generative", "internal", "r1", "m1");
    f.member("m2", "1990-01-01", null).region("m2", "US", "2020-01-01T00:00:00Z")
        .record("r2", "m2", "post", "2025-07-01T00:00:00Z", "2026-01-15T00:00:00Z")
        .visibility("r2", "public", "2025-07-01T00:00:00Z")
        .training("s1", S1, "generative", "internal", "r2", "m2")
        .training("s2", S2, "generative", "internal", "r2", "m2");
    f.member("m3", "1990-01-01", null).region("m3", "US", "2020-01-01T00:00:00Z")
        .record("r3", "m3", "post", "2025-07-01T00:00:00Z", null).visibility("r3", "public", "2025-07-01T00:00:00Z")
        .training("s2", S2, "generative", "internal", "r3", "m3");
    f.modelTraining("writer", "v1", "s1", "2026-01-08T00:00:00Z", "2026-01-20T00:00:00Z")
        .modelTraining("writer", "v2", "s1", "2026-02-08T00:00:00Z", null)
        .modelTraining("writer", "v2", "s2", "2026-02-08T00:00:00Z", null)
        .modelTraining("writer", "v2", "s2", "2026-02-08T00:00:00Z", null)
        .modelTraining("writer", "v9", "s-unknown", "2026-02-08T00:00:00Z", null)
        .modelTraining("writer", null, "s1", "2026-02-08T00:00:00Z", null);
    f.write(spark, dir.resolve("data"));
  }

  @Test
  void eachVersionCountsTheOpenFindingsOfItsSnapshotsAndBadLineageIsQuarantined() throws Exception {
    AuditConfig config = ConfigLoader.fromYaml(TABLES + ", model_trainings: data/model_trainings}\n", dir, "a.yaml");
    AuditResult result = new AuditJob(spark, config).run();

    assertEquals(List.of(
            new ImpactRow("writer", "v1", "OPT_OUT_GENERATIVE", "violation", 1, 1, 1, "s1", "s1"),
            new ImpactRow("writer", "v2", "DELETED_DATA", "violation", 1, 1, 1, "s2", "s2"),
            new ImpactRow("writer", "v2", "OPT_OUT_GENERATIVE", "violation", 2, 1, 1, "s1", "s2")),
        new ModelImpactJob(spark, config).read(result.runId()));
    assertEquals(List.of("model_trainings|null model_version", "model_trainings|unknown snapshot_id 's-unknown': no"
            + " training_snapshots row holds it"),
        spark.read().format("delta").load(dir.resolve("out/quarantine").toString())
            .where("`table` = 'model_trainings'").orderBy(Quarantine.REASON)
            .selectExpr("concat(`table`, '|', reason)").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    JsonNode lineage = new ObjectMapper().readTree(result.summaryFile().toFile()).get("model_lineage");
    assertEquals("[{\"model_id\":\"writer\",\"model_version\":\"v1\",\"trained_at\":\"2026-01-08T00:00:00Z\","
        + "\"released_at\":\"2026-01-20T00:00:00Z\",\"snapshot_ids\":[\"s1\"]},{\"model_id\":\"writer\","
        + "\"model_version\":\"v2\",\"trained_at\":\"2026-02-08T00:00:00Z\",\"released_at\":null,"
        + "\"snapshot_ids\":[\"s1\",\"s2\"]}]", lineage.get("model_versions").toString());
    assertEquals(3, lineage.get("model_impact").size());

    MemberStatement m1 = new MemberStatementJob(spark, config).statement("m1", "member_id");
    assertEquals("1 record was used after your opt-out of 2025-06-01; it trained models writer v1 and writer v2"
        + " (never released).", m1.answer());
    assertEquals(List.of("s1|r1|[OPT_OUT_GENERATIVE]|[writer v1, writer v2]", "s2|r1|[OPT_OUT_GENERATIVE]|[writer v2]"),
        m1.rows().stream().map(r -> r.snapshotId() + "|" + r.recordId() + "|"
            + r.findings().stream().map(MemberStatement.FindingFact::ruleId).toList() + "|" + r.modelVersions())
            .toList());
    assertEquals(List.of("writer v1|1|1", "writer v2|1|1"),
        m1.models().stream().map(m -> m.name() + "|" + m.records() + "|" + m.recordsBreakingAPromise()).toList());
  }

  @Test
  void aNightWithNothingNewLeavesTheFindingsAsTheyAreAndCarriesTheImpactOver() throws Exception {
    AuditConfig config = ConfigLoader.fromYaml(TABLES + ", model_trainings: data/model_trainings}\n", dir, "a.yaml");
    AuditResult first = new AuditJob(spark, config).run();
    String findings = dir.resolve("out/findings").toString();
    long findingsVersion = io.delta.tables.DeltaTable.forPath(spark, findings).history(1).head().<Long>getAs("version");

    AuditResult quiet = new AuditJob(spark, config, AuditScope.sinceLastRun()).run();

    ModelImpactJob impact = new ModelImpactJob(spark, config);
    assertEquals(impact.read(first.runId()), impact.read(quiet.runId()));
    assertEquals(3, impact.read(quiet.runId()).size());
    assertEquals(findingsVersion,
        (long) io.delta.tables.DeltaTable.forPath(spark, findings).history(1).head().<Long>getAs("version"));
    ObjectMapper json = new ObjectMapper();
    assertEquals(json.readTree(first.summaryFile().toFile()).get("model_lineage"),
        json.readTree(quiet.summaryFile().toFile()).get("model_lineage"));
  }

  @Test
  void withoutModelTrainingsNothingIsWrittenAndTheStatementSaysSo() throws Exception {
    AuditConfig config = ConfigLoader.fromYaml(TABLES + "}\n", dir, "a.yaml");
    AuditResult result = new AuditJob(spark, config).run();
    assertEquals(List.of(), new ModelImpactJob(spark, config).read(result.runId()));
    assertEquals("{\"configured\":false,\"note\":\"no model lineage configured\"}",
        new ObjectMapper().readTree(result.summaryFile().toFile()).get("model_lineage").toString());
    assertEquals(0L, spark.read().format("delta").load(dir.resolve("out/model_impact").toString()).count());

    MemberStatement m3 = new MemberStatementJob(spark, config).statement("m3", "member_id");
    assertEquals("Your record used in training broke no promise; which models it trained cannot be told (no model"
        + " lineage configured).", m3.answer());
    assertEquals(1, m3.rows().size());
    assertEquals(36, m3.rows().get(0).ageAtCapture());
    assertEquals("US", m3.rows().get(0).countryCode());

    AuditException unknown = assertThrows(AuditException.class,
        () -> new MemberStatementJob(spark, config).statement("m9", "member_id"));
    assertEquals("Cannot answer for member m9: no row of members, consent_events, member_regions, records or"
        + " training_snapshots, nor any open finding, holds this member id", unknown.getMessage());
    assertEquals(false, Files.exists(dir.resolve("out/reports/members")));
  }

  /**
   * 70 snapshots, more than a long's bits: versions trained on snapshots far apart count a member
   * once however many of their snapshots it has findings in, a record likewise, and a finding with
   * no member adds to the findings and records only.
   */
  @Test
  void impactCountsDistinctMembersAndRecordsAcrossMoreSnapshotsThanALongHasBits() {
    StructType findingColumns = new StructType().add("rule_id", "string").add("severity", "string")
        .add("snapshot_id", "string").add("captured_at", "timestamp").add("record_id", "string")
        .add("member_id", "string");
    List<Row> findings = new ArrayList<>();
    for (int s : new int[] {0, 65, 69}) {
      findings.add(RowFactory.create("OPT_OUT_GENERATIVE", "violation", snapshot(s), captured(s), "r1", "m1"));
      findings.add(RowFactory.create("OPT_OUT_GENERATIVE", "violation", snapshot(s), captured(s), "r2", "m1"));
    }
    findings.add(RowFactory.create("OPT_OUT_GENERATIVE", "violation", snapshot(64), captured(64), "r3", null));
    findings.add(RowFactory.create("OPT_OUT_GENERATIVE", "violation", snapshot(3), captured(3), "r4", "m2"));
    StructType lineageColumns = new StructType().add("model_id", "string").add("model_version", "string")
        .add("snapshot_id", "string").add("trained_at", "timestamp").add("released_at", "timestamp");
    List<Row> lineage = new ArrayList<>();
    for (int s = 0; s < 70; s++) {
      lineage.add(RowFactory.create("writer", "all", snapshot(s), captured(70), null));
    }
    lineage.add(RowFactory.create("writer", "far", snapshot(1), captured(70), null));
    lineage.add(RowFactory.create("writer", "far", snapshot(64), captured(70), null));
    lineage.add(RowFactory.create("writer", "far", snapshot(69), captured(70), null));
    lineage.add(RowFactory.create("writer", "none", snapshot(2), captured(70), null));

    List<ImpactRow> impact = ModelImpactJob.rows(ModelImpactJob.impact(spark.createDataFrame(findings, findingColumns),
        spark.createDataFrame(lineage, lineageColumns)).collectAsList());

    assertEquals(List.of(
        new ImpactRow("writer", "all", "OPT_OUT_GENERATIVE", "violation", 8, 2, 4, snapshot(0), snapshot(69)),
        new ImpactRow("writer", "far", "OPT_OUT_GENERATIVE", "violation", 3, 1, 3, snapshot(64), snapshot(69))),
        impact);
  }

  /**
   * The first and last snapshot order the findings by (captured_at, snapshot_id), nulls first, as
   * if every finding were compared: a snapshot holding a finding with no capture time comes first.
   */
  @Test
  void firstAndLastSnapshotsOrderTheFindingsByCaptureTimeWithNullsFirst() {
    StructType findingColumns = new StructType().add("rule_id", "string").add("severity", "string")
        .add("snapshot_id", "string").add("captured_at", "timestamp").add("record_id", "string")
        .add("member_id", "string");
    StructType lineageColumns = new StructType().add("model_id", "string").add("model_version", "string")
        .add("snapshot_id", "string").add("trained_at", "timestamp").add("released_at", "timestamp");
    List<Row> lineage = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      lineage.add(RowFactory.create("writer", "v1", snapshot(s), captured(70), null));
    }
    // s00 captured on days 5 and 6; s01 on day 4 once and with no time once; s02 on day 1.
    List<Row> withNull = List.of(
        RowFactory.create("UNDER_AGE", "violation", snapshot(0), captured(5), "r1", "m1"),
        RowFactory.create("UNDER_AGE", "violation", snapshot(0), captured(6), "r2", "m1"),
        RowFactory.create("UNDER_AGE", "violation", snapshot(1), captured(4), "r3", "m2"),
        RowFactory.create("UNDER_AGE", "violation", snapshot(1), null, "r4", "m2"),
        RowFactory.create("UNDER_AGE", "violation", snapshot(2), captured(1), "r5", "m3"));
    List<Row> withoutNull = withNull.subList(0, 3);

    assertEquals(List.of(
            new ImpactRow("writer", "v1", "UNDER_AGE", "violation", 5, 3, 5, snapshot(1), snapshot(0)),
            new ImpactRow("writer", "v1", "UNDER_AGE", "violation", 3, 2, 3, snapshot(1), snapshot(0))),
        List.of(impact(withNull, findingColumns, lineage, lineageColumns),
            impact(withoutNull, findingColumns, lineage, lineageColumns)));
  }

  private ImpactRow impact(List<Row> findings, StructType findingColumns, List<Row> lineage,
      StructType lineageColumns) {
    return ModelImpactJob.rows(ModelImpactJob.impact(spark.createDataFrame(findings, findingColumns),
        spark.createDataFrame(lineage, lineageColumns)).collectAsList()).get(0);
  }

  private static String snapshot(int i) {
    return String.format("s%02d", i);
  }

  private static java.sql.Timestamp captured(int i) {
    return java.sql.Timestamp.from(java.time.Instant.parse(S1).plus(java.time.Duration.ofDays(i)));
  }
}
