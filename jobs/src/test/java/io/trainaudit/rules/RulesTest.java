package io.trainaudit.rules;

import static io.trainaudit.rules.FactsRow.micros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainaudit.config.ConfigLoader;
import io.trainaudit.tables.InputTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each rule alone, on a handful of rows built in memory: its finding at the boundaries the
 * contract names, and its evidence exactly as the findings table stores it. No Spark.
 */
class RulesTest {
  private static final Policy DEFAULTS = ConfigLoader.defaults(Path.of("/tmp")).policy();
  private static final CompiledPolicy POLICY = new CompiledPolicy(DEFAULTS);
  private static final CompiledPolicy COLLECTION_TIME =
      new CompiledPolicy(DEFAULTS.withOptOutMode(OptOutMode.COLLECTION_TIME));

  /** A clean row: an adult in Germany, a public post created before the capture, kept internal. */
  private static FactsRow row() {
    return new FactsRow();
  }

  @Test
  void optOutGenerativeHonoursEitherChannelAndTheModeSaysWhichRecords() {
    Rule rule = new OptOutGenerative();
    AuditFacts out = row().settingSince("2025-09-01T00:00:00Z").created("2025-06-01T00:00:00Z").facts();
    assertTrue(rule.finds(out, POLICY));
    assertFalse(rule.finds(out, COLLECTION_TIME), "collected before the opt-out began");
    AuditFacts both = row().settingSince("2025-09-01T00:00:00Z").objectionSince("2025-01-01T00:00:00Z")
        .created("2025-06-01T00:00:00Z").facts();
    assertTrue(rule.finds(both, COLLECTION_TIME), "the earlier channel's start counts");
    assertFalse(rule.finds(row().purpose("non_generative").settingSince("2025-09-01T00:00:00Z").facts(), POLICY));
    assertEquals("{\"generative_ai_setting_opted_out_since\":\"2025-09-01T00:00:00.000Z\","
        + "\"objection_generative_opted_out_since\":\"2025-01-01T00:00:00.000Z\","
        + "\"opted_out_since\":\"2025-01-01T00:00:00.000Z\",\"record_created_at\":\"2025-06-01T00:00:00.000Z\","
        + "\"opt_out_mode\":\"collection_time\"}", rule.evidence(both, COLLECTION_TIME).json());
  }

  @Test
  void objectionNonGenerativeCoversOnlyNonGenerativeRows() {
    Rule rule = new ObjectionNonGenerative();
    assertTrue(rule.finds(row().purpose("non_generative").nonGenerativeSince("2025-01-01T00:00:00Z").facts(), POLICY));
    assertFalse(rule.finds(row().nonGenerativeSince("2025-01-01T00:00:00Z").facts(), POLICY));
  }

  @Test
  void underAgeCountsTheBirthdayFromMidnightAndALeapDayFromTheTwentyEighth() {
    Rule rule = new UnderAge();
    assertFalse(rule.finds(row().born("2008-03-01").created("2026-03-01T00:00:00Z").facts(), POLICY));
    assertTrue(rule.finds(row().born("2008-03-01").created("2026-02-28T23:59:59.999999Z").facts(), POLICY));
    assertFalse(rule.finds(row().born("2008-02-29").created("2026-02-28T00:00:00Z").facts(), POLICY));
    AuditFacts minor = row().born("2008-02-29").created("2026-02-27T23:59:59Z").facts();
    assertTrue(rule.finds(minor, POLICY));
    assertEquals("{\"birth_date\":\"2008-02-29\",\"minimum_age\":18,\"adult_from\":\"2026-02-28\","
        + "\"assessed_at\":\"2026-02-27T23:59:59.000Z\",\"age_at_assessment\":17}", rule.evidence(minor, POLICY).json());
    assertFalse(rule.finds(row().born(null).facts(), POLICY), "an unknown birth date is AGE_UNKNOWN's");
  }

  @Test
  void ageUnknownSaysWhetherTheMemberIsListed() {
    Rule rule = new AgeUnknown();
    AuditFacts absent = row().born(null).memberKnown(false).facts();
    assertTrue(rule.finds(absent, POLICY));
    assertEquals("{\"member_in_members_table\":false}", rule.evidence(absent, POLICY).json());
  }

  @Test
  void privateContentByTypeOrVisibilityOfAKnownRecordOnly() {
    Rule rule = new PrivateContent();
    assertTrue(rule.finds(row().type("salary").visibility(null).facts(), POLICY));
    AuditFacts hidden = row().visibility("hidden").facts();
    assertTrue(rule.finds(hidden, POLICY));
    assertFalse(rule.finds(row().visibility("connections").facts(), POLICY));
    assertFalse(rule.finds(row().unknownRecord().facts(), POLICY));
    assertEquals("{\"record_type\":\"post\",\"excluded_record_type\":false,\"visibility\":\"hidden\","
        + "\"visibility_since\":\"2025-01-01T00:00:00.000Z\"}", rule.evidence(hidden, POLICY).json());
  }

  @Test
  void visibilityUnknownSparesExcludedTypesAndUnknownRecords() {
    Rule rule = new VisibilityUnknown();
    assertTrue(rule.finds(row().visibility(null).facts(), POLICY));
    assertFalse(rule.finds(row().type("payment").visibility(null).facts(), POLICY));
    assertFalse(rule.finds(row().unknownRecord().facts(), POLICY));
  }

  @Test
  void affiliateShareProtectedNeedsAnAffiliateAProtectedGroupAndADisallowedType() {
    Rule rule = new AffiliateShareProtected();
    AuditFacts shared = row().recipient("parent_co").facts();
    assertTrue(rule.finds(shared, POLICY));
    assertFalse(rule.finds(row().facts(), POLICY), "internal");
    assertFalse(rule.finds(row().recipient("parent_co").country("US", "US").facts(), POLICY), "US is not protected");
    assertFalse(rule.finds(row().recipient("parent_co").purpose("non_generative").facts(), POLICY));
    Policy allowing = ConfigLoader.fromYaml("policy: {affiliate_allowed_record_types: {EU: [post]}}\n", Path.of("/tmp"),
        "t.yaml").policy();
    assertFalse(rule.finds(shared, new CompiledPolicy(allowing)));
    assertTrue(rule.finds(row().recipient("parent_co").unknownRecord().facts(), new CompiledPolicy(allowing)),
        "an unknown record's type is never allowed");
    assertEquals("{\"recipient\":\"parent_co\",\"region_group\":\"EU\",\"country_code\":\"DE\","
        + "\"region_since\":\"2020-01-01T00:00:00.000Z\",\"record_type\":\"post\"}", rule.evidence(shared, POLICY).json());
  }

  @Test
  void beforeEffectiveDateIsStrictlyBeforeMidnightOfTheDay() {
    Rule rule = new BeforeEffectiveDate();
    assertTrue(rule.finds(row().captured("2025-11-02T23:59:59.999Z").facts(), POLICY));
    assertFalse(rule.finds(row().captured("2025-11-03T00:00:00Z").facts(), POLICY));
    assertFalse(rule.finds(row().captured("2020-01-01T00:00:00Z").country("BR", "OTHER").facts(), POLICY));
    assertEquals("{\"region_group\":\"EU\",\"country_code\":\"DE\",\"region_since\":\"2020-01-01T00:00:00.000Z\","
        + "\"effective_date\":\"2025-11-03\"}", rule.evidence(row().facts(), POLICY).json());
  }

  @Test
  void regionUnknownOnlyWhereARegionRuleApplies() {
    Rule rule = new RegionUnknown();
    assertTrue(rule.finds(row().noRegion().facts(), POLICY));
    assertFalse(rule.finds(row().noRegion().purpose("non_generative").facts(), POLICY));
    assertTrue(rule.finds(row().noRegion().purpose("non_generative").recipient("x").facts(),
        new CompiledPolicy(ConfigLoader.fromYaml("policy: {affiliate_rule_purposes: [generative, non_generative]}\n",
            Path.of("/tmp"), "t.yaml").policy())));
  }

  @Test
  void deletedDataAtOrBeforeTheCapture() {
    Rule rule = new DeletedData();
    assertTrue(rule.finds(row().deleted("2026-03-01T00:00:00Z").facts(), POLICY));
    assertFalse(rule.finds(row().deleted("2026-03-01T00:00:00.001Z").facts(), POLICY));
    assertTrue(rule.finds(row().closed("2026-03-01T00:00:00Z").facts(), POLICY));
    assertEquals("{\"deleted_at\":null,\"closed_at\":\"2026-03-01T00:00:00.000Z\"}",
        rule.evidence(row().closed("2026-03-01T00:00:00Z").facts(), POLICY).json());
  }

  @Test
  void recordUnknownAndMemberMismatch() {
    assertTrue(new RecordUnknown().finds(row().unknownRecord().facts(), POLICY));
    assertFalse(new RecordUnknown().finds(row().facts(), POLICY));
    AuditFacts claimed = row().snapshotMember("m-other").facts();
    assertTrue(new MemberMismatch().finds(claimed, POLICY));
    assertFalse(new MemberMismatch().finds(row().unknownRecord().facts(), POLICY));
    assertEquals("{\"snapshot_member_id\":\"m-other\",\"record_member_id\":\"m1\"}",
        new MemberMismatch().evidence(claimed, POLICY).json());
  }

  @Test
  void sensitiveContextFindsAKnownRecordInAContextFlaggedWithAListedCategory() {
    Rule rule = new SensitiveContext();
    assertEquals(Set.of(InputTable.SENSITIVE_CONTEXTS), rule.inputs());
    assertEquals(Severity.VIOLATION, rule.severity());
    AuditFacts two = row().context("g2", "2025-02-01T00:00:00Z", "health", "trade_union").facts();
    assertTrue(rule.finds(two, POLICY));
    assertTrue(rule.finds(row().purpose("non_generative").context("g1", "2025-02-01T00:00:00Z", "trade_union")
        .facts(), POLICY), "every purpose");
    assertFalse(rule.finds(row().context("g3", null).facts(), POLICY), "a context with nothing flagged");
    assertFalse(rule.finds(row().facts(), POLICY), "no context");
    assertFalse(rule.finds(row().context("g1", "2025-02-01T00:00:00Z", "health").unknownRecord().facts(), POLICY));
    CompiledPolicy religionOnly = new CompiledPolicy(ConfigLoader.fromYaml(
        "policy: {sensitive_categories: [religion]}\n", Path.of("/tmp"), "t.yaml").policy());
    assertFalse(rule.finds(two, religionOnly), "only the categories the policy lists count");
    assertEquals("{\"context_id\":\"g2\",\"categories\":[\"health\",\"trade_union\"],"
        + "\"categories_since\":\"2025-02-01T00:00:00.000Z\"}", rule.evidence(two, POLICY).json());
  }

  @Test
  void dataOriginCutoffIsGenerativeUseOfARecordCreatedBeforeMidnightOfItsRegionsDay() {
    Rule rule = new DataOriginCutoff();
    CompiledPolicy cutoff = new CompiledPolicy(ConfigLoader.fromYaml(
        "policy: {data_origin_cutoff: {EU: 2024-07-01, UK: 2025-01-01}}\n", Path.of("/tmp"), "t.yaml").policy());
    assertFalse(rule.finds(row().created("2024-07-01T00:00:00Z").facts(), cutoff));
    AuditFacts before = row().created("2024-06-30T23:59:59Z").facts();
    assertTrue(rule.finds(before, cutoff));
    assertFalse(rule.finds(row().created("2020-05-01T00:00:00Z").purpose("non_generative").facts(), cutoff));
    assertFalse(rule.finds(row().created("2020-05-01T00:00:00Z").country("US", "US").facts(), cutoff));
    assertFalse(rule.finds(row().created("2020-05-01T00:00:00Z").noRegion().facts(), cutoff));
    assertTrue(rule.finds(row().unknownRecord().captured("2024-12-31T23:59:59Z").country("GB", "UK").facts(), cutoff),
        "an unknown record counts as created at capture");
    assertFalse(rule.finds(before, POLICY), "no cutoff by default");
    assertEquals("{\"region_group\":\"EU\",\"country_code\":\"DE\",\"region_since\":\"2020-01-01T00:00:00.000Z\","
        + "\"data_origin_cutoff\":\"2024-07-01\",\"record_created_at\":\"2024-06-30T23:59:59.000Z\","
        + "\"record_known\":true}", rule.evidence(before, cutoff).json());
  }

  @Test
  void evidenceKeepsEveryCharacterOfAValueAndTruncatesToTheMillisecond() {
    assertEquals("{\"a\":\"=HYPERLINK(\\\"x\\\")\\n\u00e9\u202e\",\"b\":\"1970-01-01T00:00:00.001Z\"}",
        Evidence.of().text("a", "=HYPERLINK(\"x\")\n\u00e9\u202e").instant("b", 1_999L).json());
    assertEquals("1969-12-31T23:59:59.999Z", Evidence.format(-1L));
  }

  @Test
  void monthsBetweenIsSparksSoAgesMatchEarlierRuns() {
    assertEquals(216.0, UnderAge.monthsBetween(micros("2026-03-01T00:00:00Z"), LocalDate.parse("2008-03-01")));
    assertEquals(215.87096774, UnderAge.monthsBetween(micros("2026-02-28T00:00:00Z"), LocalDate.parse("2008-03-01")));
    assertEquals(1.0, UnderAge.monthsBetween(micros("2025-02-28T12:00:00Z"), LocalDate.parse("2025-01-31")));
  }
}
