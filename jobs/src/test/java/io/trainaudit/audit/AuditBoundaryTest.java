package io.trainaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.rules.OptOutMode;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.Quarantine;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every boundary case of the contract, one member or record each, audited through the real job
 * on real Delta tables, with the exact findings expected in both opt-out modes; and the same rows
 * written as a data set of before records.context_id and sensitive_contexts, audited as before.
 */
@Tag("job")
class AuditBoundaryTest {
  private static final String CAP = "2026-03-01T00:00:00Z";
  private static final String EARLY = "2025-06-01T00:00:00Z";
  private static final String GEN = "s1-generative";
  private static final String NONGEN = "s2-non-generative";
  private static final String AFFILIATE = "s3-affiliate";
  private static final String BEFORE = "s4-early";
  private static final String SETTING = "generative_ai_setting";
  private static final String OBJ_GEN = "objection_generative";
  private static final String OBJ_NONGEN = "objection_non_generative";

  private static final String TABLES = "tables: {training_snapshots: ../data/training_snapshots,"
      + " records: ../data/records, record_visibility: ../data/record_visibility,"
      + " consent_events: ../data/consent_events, members: ../data/members, member_regions: ../data/member_regions,"
      + " sensitive_contexts: ../data/sensitive_contexts}\n";
  /** The same rows, written as a data set made before records had context_id and sensitive_contexts existed. */
  private static final String OLD_TABLES = "tables: {training_snapshots: ../old-data/training_snapshots,"
      + " records: ../old-data/records, record_visibility: ../old-data/record_visibility,"
      + " consent_events: ../old-data/consent_events, members: ../old-data/members,"
      + " member_regions: ../old-data/member_regions}\n";

  @TempDir static Path dir;
  private static SparkSession spark;

  private static final Set<String> BOTH_MODES = Set.of(
      "OPT_OUT_GENERATIVE|s1-generative|r-tie",
      "OPT_OUT_GENERATIVE|s1-generative|r-at-created-at-capture",
      "OPT_OUT_GENERATIVE|s1-generative|r-again-new",
      "OPT_OUT_GENERATIVE|s1-generative|r-both",
      "OPT_OUT_GENERATIVE|s1-generative|r-ghost",
      "OPT_OUT_GENERATIVE|s1-generative|r-mm",
      "OBJECTION_NON_GENERATIVE|s2-non-generative|r-objng-new",
      "UNDER_AGE|s1-generative|r-bday-before",
      "UNDER_AGE|s1-generative|r-leap-before",
      "AGE_UNKNOWN|s1-generative|r-absent",
      "AGE_UNKNOWN|s1-generative|r-nullbirth",
      "PRIVATE_CONTENT|s1-generative|r-vtie",
      "PRIVATE_CONTENT|s1-generative|r-vat",
      "PRIVATE_CONTENT|s1-generative|r-salary",
      "VISIBILITY_UNKNOWN|s1-generative|r-vnone",
      "VISIBILITY_UNKNOWN|s1-generative|r-vlate",
      "AFFILIATE_SHARE_PROTECTED|s3-affiliate|r-rtie",
      "AFFILIATE_SHARE_PROTECTED|s3-affiliate|r-rat",
      "BEFORE_EFFECTIVE_DATE|s4-early|r-rtie2",
      "BEFORE_EFFECTIVE_DATE|s4-early|r-eu",
      "REGION_UNKNOWN|s1-generative|r-rnone",
      "DELETED_DATA|s1-generative|r-del-at",
      "DELETED_DATA|s1-generative|r-closed",
      "RECORD_UNKNOWN|s1-generative|r-ghost",
      "MEMBER_MISMATCH|s1-generative|r-mm",
      "SENSITIVE_CONTEXT|s1-generative|r-ctx-union",
      "SENSITIVE_CONTEXT|s2-non-generative|r-ctx-union",
      "SENSITIVE_CONTEXT|s1-generative|r-ctx-raised-at",
      "SENSITIVE_CONTEXT|s1-generative|r-ctx-tie",
      "SENSITIVE_CONTEXT|s1-generative|r-ctx-second");

  /** The findings of the rules this change added: none in a data set written before it. */
  private static final String NEW_RULES = "SENSITIVE_CONTEXT|DATA_ORIGIN_CUTOFF";

  /** Opted out before the record was collected: found only when the opt-out covers earlier records. */
  private static final Set<String> USE_TIME_ONLY = Set.of(
      "OPT_OUT_GENERATIVE|s1-generative|r-at",
      "OPT_OUT_GENERATIVE|s1-generative|r-again-old",
      "OBJECTION_NON_GENERATIVE|s2-non-generative|r-objng");

  @BeforeAll
  static void writeInputs() {
    spark = TestSpark.session();
    InputFixture f = new InputFixture();
    baseline(f, "m-ok");
    post(f, "r-ok", "m-ok", "2025-01-01T00:00:00Z");
    f.training(GEN, CAP, "generative", "internal", "r-ok", "m-ok");
    f.training(AFFILIATE, CAP, "generative", "parent_affiliate", "r-ok", "m-ok");
    f.training(BEFORE, EARLY, "generative", "internal", "r-ok", "m-ok");
    f.training(NONGEN, CAP, "non_generative", "internal", "r-ok", "m-ok");

    // Consent: equal timestamps, an event at capture, re-opting in, runs, both channels.
    caseOf(f, "m-tie", "r-tie", "2026-01-01T00:00:00Z", GEN);
    f.consent("e-tie-out", "m-tie", SETTING, true, "2025-12-01T00:00:00Z");
    f.consent("e-tie-in", "m-tie", SETTING, false, "2025-12-01T00:00:00Z");
    caseOf(f, "m-at", "r-at", "2026-02-01T00:00:00Z", GEN);
    post(f, "r-at-created-at-capture", "m-at", CAP);
    f.training(GEN, CAP, "generative", "internal", "r-at-created-at-capture", "m-at");
    f.consent("e-at", "m-at", SETTING, true, CAP);
    caseOf(f, "m-reoptin", "r-reoptin", "2025-06-01T00:00:00Z", GEN);
    f.consent("e-reoptin-out", "m-reoptin", SETTING, true, "2025-05-01T00:00:00Z");
    f.consent("e-reoptin-in", "m-reoptin", SETTING, false, "2025-08-01T00:00:00Z");
    caseOf(f, "m-again", "r-again-old", "2025-02-01T00:00:00Z", GEN);
    post(f, "r-again-new", "m-again", "2025-10-01T00:00:00Z");
    f.training(GEN, CAP, "generative", "internal", "r-again-new", "m-again");
    f.consent("e-again-1", "m-again", SETTING, true, "2025-01-01T00:00:00Z");
    f.consent("e-again-2", "m-again", SETTING, false, "2025-03-01T00:00:00Z");
    f.consent("e-again-3", "m-again", SETTING, true, "2025-09-01T00:00:00Z");
    caseOf(f, "m-both", "r-both", "2025-03-01T00:00:00Z", GEN);
    f.consent("e-both-setting", "m-both", SETTING, true, "2025-06-01T00:00:00Z");
    f.consent("e-both-setting-again", "m-both", SETTING, true, "2025-07-01T00:00:00Z");
    f.consent("e-both-objection", "m-both", OBJ_GEN, true, "2025-01-01T00:00:00Z");
    caseOf(f, "m-objng", "r-objng", "2024-06-01T00:00:00Z", NONGEN);
    f.training(GEN, CAP, "generative", "internal", "r-objng", "m-objng");
    post(f, "r-objng-new", "m-objng", "2025-02-01T00:00:00Z");
    f.training(NONGEN, CAP, "non_generative", "internal", "r-objng-new", "m-objng");
    f.consent("e-objng", "m-objng", OBJ_NONGEN, true, "2025-01-01T00:00:00Z");

    // Age: the birthday at 00:00 UTC, a leap-day birth date, unknown birth dates.
    f.member("m-bday", "2008-03-01", null).region("m-bday", "US", "2020-01-01T00:00:00Z");
    postIn(f, GEN, "r-bday-at", "m-bday", "2026-03-01T00:00:00Z");
    postIn(f, GEN, "r-bday-before", "m-bday", "2026-02-28T23:59:59Z");
    f.member("m-leap", "2008-02-29", null).region("m-leap", "US", "2020-01-01T00:00:00Z");
    postIn(f, GEN, "r-leap-at", "m-leap", "2026-02-28T00:00:00Z");
    postIn(f, GEN, "r-leap-before", "m-leap", "2026-02-27T23:59:59Z");
    f.region("m-absent", "US", "2020-01-01T00:00:00Z");
    postIn(f, GEN, "r-absent", "m-absent", "2025-01-01T00:00:00Z");
    f.member("m-nullbirth", null, null).region("m-nullbirth", "US", "2020-01-01T00:00:00Z");
    postIn(f, GEN, "r-nullbirth", "m-nullbirth", "2025-01-01T00:00:00Z");

    // Visibility: a tie, a change at capture and just after, none in force, a private type.
    baseline(f, "m-vis");
    f.record("r-vtie", "m-vis", "post", "2025-01-01T00:00:00Z", null)
        .visibility("r-vtie", "public", "2025-01-01T00:00:00Z")
        .visibility("r-vtie", "private", "2025-01-01T00:00:00Z")
        .training(GEN, CAP, "generative", "internal", "r-vtie", "m-vis");
    f.record("r-vat", "m-vis", "post", "2025-01-01T00:00:00Z", null)
        .visibility("r-vat", "public", "2025-01-01T00:00:00Z")
        .visibility("r-vat", "private", CAP)
        .training(GEN, CAP, "generative", "internal", "r-vat", "m-vis");
    f.record("r-vafter", "m-vis", "post", "2025-01-01T00:00:00Z", null)
        .visibility("r-vafter", "public", "2025-01-01T00:00:00Z")
        .visibility("r-vafter", "hidden", "2026-03-01T00:00:01Z")
        .training(GEN, CAP, "generative", "internal", "r-vafter", "m-vis");
    f.record("r-vnone", "m-vis", "post", "2025-01-01T00:00:00Z", null)
        .training(GEN, CAP, "generative", "internal", "r-vnone", "m-vis");
    f.record("r-vlate", "m-vis", "post", "2025-01-01T00:00:00Z", null)
        .visibility("r-vlate", "public", "2026-04-01T00:00:00Z")
        .training(GEN, CAP, "generative", "internal", "r-vlate", "m-vis");
    f.record("r-salary", "m-vis", "salary", "2025-01-01T00:00:00Z", null)
        .training(GEN, CAP, "generative", "internal", "r-salary", "m-vis");

    // Region: a tie won by the protected country, a tie won by the smallest code, a move at capture, none.
    f.member("m-rtie", "1990-01-01", null)
        .region("m-rtie", "US", "2020-01-01T00:00:00Z")
        .region("m-rtie", "FR", "2020-01-01T00:00:00Z");
    post(f, "r-rtie", "m-rtie", "2025-01-01T00:00:00Z");
    f.training(AFFILIATE, CAP, "generative", "parent_affiliate", "r-rtie", "m-rtie");
    f.member("m-rtie2", "1990-01-01", null)
        .region("m-rtie2", "US", "2020-01-01T00:00:00Z")
        .region("m-rtie2", "CA", "2020-01-01T00:00:00Z");
    post(f, "r-rtie2", "m-rtie2", "2025-01-01T00:00:00Z");
    f.training(BEFORE, EARLY, "generative", "internal", "r-rtie2", "m-rtie2");
    f.member("m-rat", "1990-01-01", null)
        .region("m-rat", "US", "2020-01-01T00:00:00Z")
        .region("m-rat", "DE", CAP);
    post(f, "r-rat", "m-rat", "2025-01-01T00:00:00Z");
    f.training(AFFILIATE, CAP, "generative", "parent_affiliate", "r-rat", "m-rat");
    f.member("m-rnone", "1990-01-01", null);
    postIn(f, GEN, "r-rnone", "m-rnone", "2025-01-01T00:00:00Z");
    f.training(NONGEN, CAP, "non_generative", "internal", "r-rnone", "m-rnone");
    f.member("m-eu", "1990-01-01", null).region("m-eu", "DE", "2020-01-01T00:00:00Z");
    post(f, "r-eu", "m-eu", "2025-01-01T00:00:00Z");
    f.training(BEFORE, EARLY, "generative", "internal", "r-eu", "m-eu");

    // Deletion at capture and just after; an account closed at capture.
    baseline(f, "m-del");
    f.record("r-del-at", "m-del", "post", "2025-01-01T00:00:00Z", CAP)
        .visibility("r-del-at", "public", "2025-01-01T00:00:00Z")
        .training(GEN, CAP, "generative", "internal", "r-del-at", "m-del");
    f.record("r-del-after", "m-del", "post", "2025-01-01T00:00:00Z", "2026-03-01T00:00:01Z")
        .visibility("r-del-after", "public", "2025-01-01T00:00:00Z")
        .training(GEN, CAP, "generative", "internal", "r-del-after", "m-del");
    f.member("m-closed", "1990-01-01", CAP).region("m-closed", "US", "2020-01-01T00:00:00Z");
    postIn(f, GEN, "r-closed", "m-closed", "2025-01-01T00:00:00Z");

    // An unknown record of an opted-out member; a record the snapshot attributes to someone else.
    baseline(f, "m-ghost-owner");
    f.consent("e-ghost", "m-ghost-owner", SETTING, true, "2025-01-01T00:00:00Z");
    f.training(GEN, CAP, "generative", "internal", "r-ghost", "m-ghost-owner");
    baseline(f, "m-mm-owner");
    baseline(f, "m-mm-claimed");
    f.consent("e-mm", "m-mm-owner", SETTING, true, "2025-01-01T00:00:00Z");
    post(f, "r-mm", "m-mm-owner", "2025-02-01T00:00:00Z");
    f.training(GEN, CAP, "generative", "internal", "r-mm", "m-mm-claimed");

    // Sensitive contexts: a flag in force, raised and lifted exactly at capture, a flag and its lifting at one
    // instant, a category outside the policy, a second category standing when the first is lifted, a flag too late.
    baseline(f, "m-ctx");
    postInContext(f, "r-ctx-union", "g-union");
    f.training(NONGEN, CAP, "non_generative", "internal", "r-ctx-union", "m-ctx");
    f.sensitiveContext("g-union", "trade_union", true, "2025-06-01T00:00:00Z");
    postInContext(f, "r-ctx-raised-at", "g-raised");
    f.sensitiveContext("g-raised", "health", true, CAP);
    postInContext(f, "r-ctx-lifted-at", "g-lifted");
    f.sensitiveContext("g-lifted", "religion", true, "2025-01-01T00:00:00Z")
        .sensitiveContext("g-lifted", "religion", false, CAP);
    postInContext(f, "r-ctx-tie", "g-tie");
    f.sensitiveContext("g-tie", "political", false, "2025-06-01T00:00:00Z")
        .sensitiveContext("g-tie", "political", true, "2025-06-01T00:00:00Z");
    postInContext(f, "r-ctx-outside", "g-sports");
    f.sensitiveContext("g-sports", "sports", true, "2025-01-01T00:00:00Z");
    postInContext(f, "r-ctx-second", "g-second");
    f.sensitiveContext("g-second", "trade_union", true, "2025-01-01T00:00:00Z")
        .sensitiveContext("g-second", "health", true, "2025-02-01T00:00:00Z")
        .sensitiveContext("g-second", "trade_union", false, "2025-03-01T00:00:00Z");
    postInContext(f, "r-ctx-later", "g-later");
    f.sensitiveContext("g-later", "health", true, "2026-03-01T00:00:01Z");

    // Data origin: records of an EU member collected exactly at 00:00 UTC of a cutoff day and one second before.
    f.member("m-cut", "1990-01-01", null).region("m-cut", "DE", "2020-01-01T00:00:00Z");
    postIn(f, GEN, "r-cut-at", "m-cut", "2025-01-01T00:00:00Z");
    postIn(f, GEN, "r-cut-before", "m-cut", "2024-12-31T23:59:59Z");
    f.training(NONGEN, CAP, "non_generative", "internal", "r-cut-before", "m-cut");

    // A duplicate training row, and invalid rows in four tables.
    f.training(GEN, CAP, "generative", "internal", "r-ok", "m-ok");
    f.training(GEN, CAP, "marketing", "internal", "r-bad", "m-ok");
    f.consent("e-bad", "m-ok", "email", true, "2025-01-01T00:00:00Z");
    f.region("m-ok", "usa", "2021-01-01T00:00:00Z");
    f.sensitiveContext(null, "health", true, "2025-01-01T00:00:00Z");
    f.write(spark, dir.resolve("data"));
    f.writeWithoutOptionalColumnsAndTables(spark, dir.resolve("old-data"));
  }

  @Test
  void useTimeFindsEveryPlantedCaseAndNothingElse() throws Exception {
    AuditResult result = audit(OptOutMode.USE_TIME, "use_time");
    assertEquals(union(BOTH_MODES, USE_TIME_ONLY), findings("use_time"));
    assertEquals(new Coverage(50, 48, 1, 1), result.coverage());
    assertEquals(26, result.violations());
    assertEquals(7, result.unverifiable());
  }

  @Test
  void aDataSetWrittenBeforeContextsAuditsExactlyAsBefore() throws Exception {
    AuditResult result = audit(ConfigLoader.fromYaml(OLD_TABLES + "policy: {opt_out_mode: use_time}\n",
        dir.resolve("old"), "test.yaml"));
    Set<String> before = union(BOTH_MODES, USE_TIME_ONLY);
    before.removeIf(finding -> finding.matches("(" + NEW_RULES + ")\\|.*"));
    assertEquals(before, findings("old"));
    assertEquals(new Coverage(50, 48, 1, 1), result.coverage());
    assertEquals(21, result.violations());
    assertEquals(7, result.unverifiable());
    // Every finding states the same facts as over the current shape of the tables.
    audit(OptOutMode.USE_TIME, "current");
    assertEquals(evidenceById(findingsTable("current")).entrySet().stream()
            .filter(e -> !e.getValue().matches("(" + NEW_RULES + ") .*")).collect(Collectors.toSet()),
        evidenceById(findingsTable("old")).entrySet());
    JsonNode summary = new ObjectMapper().readTree(result.summaryFile().toFile());
    assertEquals("tables.sensitive_contexts is not configured", summary.at("/not_checked/SENSITIVE_CONTEXT").asText());
    assertEquals(false, summary.at("/findings_by_rule").has("SENSITIVE_CONTEXT"));
    assertEquals(0, summary.at("/findings_by_rule/DATA_ORIGIN_CUTOFF/count").asInt());
  }

  @Test
  void theDataOriginCutoffStartsAtMidnightOfItsDayAndCoversGenerativeUse() throws Exception {
    audit("policy: {opt_out_mode: use_time, data_origin_cutoff: {EU: 2025-01-01}}", "cutoff");
    Set<String> expected = union(BOTH_MODES, USE_TIME_ONLY);
    expected.add("DATA_ORIGIN_CUTOFF|s1-generative|r-cut-before");
    assertEquals(expected, findings("cutoff"));
    JsonNode cut = new ObjectMapper().readTree(evidence("cutoff", "DATA_ORIGIN_CUTOFF", "r-cut-before"));
    assertEquals("2025-01-01", cut.get("data_origin_cutoff").asText());
    assertEquals("2024-12-31T23:59:59.000Z", cut.get("record_created_at").asText());
    assertEquals("EU", cut.get("region_group").asText());
  }

  @Test
  void collectionTimeSparesRecordsCollectedBeforeTheOptOutBegan() throws Exception {
    audit(OptOutMode.COLLECTION_TIME, "collection_time");
    assertEquals(new TreeSet<>(BOTH_MODES), findings("collection_time"));
  }

  @Test
  void protectedGroupsAllowedTypesAndEffectiveDatesComeFromThePolicy() throws Exception {
    audit("policy: {opt_out_mode: use_time, affiliate_protected_groups: [EU, EEA, CH, UK, US],"
        + " affiliate_allowed_record_types: {EU: [post]},"
        + " effective_dates: {EU: 2025-11-03, EEA: 2025-11-03, CH: 2025-11-03, UK: 2025-11-03, CA: 2025-11-03,"
        + " HK: 2025-11-03, US: 2025-07-01}}", "policy");
    Set<String> expected = union(BOTH_MODES, USE_TIME_ONLY);
    expected.remove("AFFILIATE_SHARE_PROTECTED|s3-affiliate|r-rtie");
    expected.remove("AFFILIATE_SHARE_PROTECTED|s3-affiliate|r-rat");
    expected.add("AFFILIATE_SHARE_PROTECTED|s3-affiliate|r-ok");
    expected.add("BEFORE_EFFECTIVE_DATE|s4-early|r-ok");
    assertEquals(expected, findings("policy"));
  }

  @Test
  void quarantinesInvalidRowsWithTheirReason() throws Exception {
    audit(OptOutMode.USE_TIME, "quarantine");
    List<String> quarantined =
        spark.read().format("delta").load(dir.resolve("quarantine/out/quarantine").toString())
            .select(Quarantine.TABLE, Quarantine.REASON).collectAsList().stream()
            .map(r -> r.getString(0) + ": " + r.getString(1)).sorted().toList();
    assertEquals(List.of(
        "consent_events: channel outside [generative_ai_setting, objection_generative, objection_non_generative]",
        "member_regions: country_code is not an ISO 3166-1 alpha-2 code",
        "sensitive_contexts: null context_id",
        "training_snapshots: purpose outside [generative, non_generative]"), quarantined);
  }

  @Test
  void evidenceStatesTheFactsUsed() throws Exception {
    audit(OptOutMode.COLLECTION_TIME, "evidence");
    ObjectMapper json = new ObjectMapper();
    JsonNode again = json.readTree(evidence("evidence", "OPT_OUT_GENERATIVE", "r-again-new"));
    assertEquals("2025-09-01T00:00:00.000Z", again.get("opted_out_since").asText());
    assertEquals("collection_time", again.get("opt_out_mode").asText());
    JsonNode both = json.readTree(evidence("evidence", "OPT_OUT_GENERATIVE", "r-both"));
    assertEquals("2025-01-01T00:00:00.000Z", both.get("opted_out_since").asText());
    JsonNode leap = json.readTree(evidence("evidence", "UNDER_AGE", "r-leap-before"));
    assertEquals("2026-02-28", leap.get("adult_from").asText());
    assertEquals(17, leap.get("age_at_assessment").asInt());
    JsonNode region = json.readTree(evidence("evidence", "AFFILIATE_SHARE_PROTECTED", "r-rat"));
    assertEquals("DE", region.get("country_code").asText());
    assertEquals("EU", region.get("region_group").asText());
    Row id = findingsTable("evidence").where("record_id = 'r-mm' and rule_id = 'MEMBER_MISMATCH'")
        .select(Findings.FINDING_ID, Findings.MEMBER_ID).first();
    assertEquals(sha256("15:MEMBER_MISMATCH,13:s1-generative,4:r-mm,"), id.getString(0));
    assertEquals("m-mm-owner", id.getString(1));
    JsonNode second = json.readTree(evidence("evidence", "SENSITIVE_CONTEXT", "r-ctx-second"));
    assertEquals("{\"context_id\":\"g-second\",\"categories\":[\"health\"],"
        + "\"categories_since\":\"2025-03-01T00:00:00.000Z\"}", second.toString());
    JsonNode tie = json.readTree(evidence("evidence", "SENSITIVE_CONTEXT", "r-ctx-tie"));
    assertEquals("[\"political\"]", tie.get("categories").toString());
  }

  private static AuditResult audit(OptOutMode mode, String name) {
    return audit("policy: {opt_out_mode: " + mode.configValue() + "}", name);
  }

  private static AuditResult audit(String policyYaml, String name) {
    return audit(ConfigLoader.fromYaml(TABLES + policyYaml + "\n", dir.resolve(name), "test.yaml"));
  }

  private static AuditResult audit(AuditConfig config) {
    return new AuditJob(spark, config).run();
  }

  /** Each finding's id with its rule and evidence. */
  private static java.util.Map<String, String> evidenceById(org.apache.spark.sql.Dataset<Row> findings) {
    return findings.collectAsList().stream().collect(Collectors.toMap(
        r -> r.<String>getAs(Findings.FINDING_ID),
        r -> r.getAs(Findings.RULE_ID) + " " + r.getAs(Findings.EVIDENCE)));
  }

  private static org.apache.spark.sql.Dataset<Row> findingsTable(String name) {
    return spark.read().format("delta").load(dir.resolve(name).resolve("out/findings").toString());
  }

  private static Set<String> findings(String name) {
    return findingsTable(name).select(Findings.RULE_ID, Findings.SNAPSHOT_ID, Findings.RECORD_ID).collectAsList()
        .stream().map(r -> r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String evidence(String name, String rule, String record) {
    return findingsTable(name).where(org.apache.spark.sql.functions.col(Findings.RULE_ID).equalTo(rule)
            .and(org.apache.spark.sql.functions.col(Findings.RECORD_ID).equalTo(record)))
        .select(Findings.EVIDENCE).first().getString(0);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return Stream.concat(a.stream(), b.stream()).collect(Collectors.toCollection(TreeSet::new));
  }

  private static String sha256(String text) throws Exception {
    return java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** An adult member in the US since 2020, with nothing else to say. */
  private static void baseline(InputFixture f, String member) {
    f.member(member, "1990-01-01", null).region(member, "US", "2020-01-01T00:00:00Z");
  }

  /** A public post of a member, collected at {@code created}. */
  private static void post(InputFixture f, String record, String member, String created) {
    f.record(record, member, "post", created, null).visibility(record, "public", created);
  }

  /** A public post of member m-ctx in a group, page or event, used in the generative snapshot. */
  private static void postInContext(InputFixture f, String record, String context) {
    f.record(record, "m-ctx", "post", "2025-01-01T00:00:00Z", null, context)
        .visibility(record, "public", "2025-01-01T00:00:00Z")
        .training(GEN, CAP, "generative", "internal", record, "m-ctx");
  }

  private static void postIn(InputFixture f, String snapshot, String record, String member, String created) {
    post(f, record, member, created);
    f.training(snapshot, CAP, "generative", "internal", record, member);
  }

  private static void caseOf(InputFixture f, String member, String record, String created, String snapshot) {
    baseline(f, member);
    post(f, record, member, created);
    boolean generative = snapshot.equals(GEN);
    f.training(snapshot, CAP, generative ? "generative" : "non_generative", "internal", record, member);
  }
}
