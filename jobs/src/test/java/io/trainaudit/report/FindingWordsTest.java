package io.trainaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Findings in plain words, from the evidence each rule writes. */
class FindingWordsTest {
  @Test
  void aSensitiveContextReadsAsTheGroupItWasPostedIn() {
    assertEquals("posted in a trade-union group since 2025-06-01", FindingWords.of("SENSITIVE_CONTEXT",
        "{\"context_id\":\"g-union\",\"categories\":[\"trade_union\"],\"categories_since\":\"2025-06-01T00:00:00.000Z\"}"));
    assertEquals("posted in a health, religious and trade-union group since 2025-02-01", FindingWords.of(
        "SENSITIVE_CONTEXT", "{\"context_id\":\"g\",\"categories\":[\"health\",\"religion\",\"trade_union\"],"
            + "\"categories_since\":\"2025-02-01T00:00:00.000Z\"}"));
  }

  @Test
  void aCutoffReadsAsTheDayCollectedAndTheRegionsCutoff() {
    assertEquals("collected on 2024-12-31, before the UK cutoff of 2025-01-01", FindingWords.of("DATA_ORIGIN_CUTOFF",
        "{\"region_group\":\"UK\",\"country_code\":\"GB\",\"region_since\":\"2020-01-01T00:00:00.000Z\","
            + "\"data_origin_cutoff\":\"2025-01-01\",\"record_created_at\":\"2024-12-31T23:59:59.000Z\","
            + "\"record_known\":true}"));
  }

  @Test
  void theOtherRulesReadInTheirOwnWords() {
    assertEquals("opted out of generative AI training since 2025-09-01", FindingWords.of("OPT_OUT_GENERATIVE",
        "{\"opted_out_since\":\"2025-09-01T00:00:00.000Z\",\"opt_out_mode\":\"use_time\"}"));
    assertEquals("a salary record, never to be used", FindingWords.of("PRIVATE_CONTENT",
        "{\"record_type\":\"salary\",\"excluded_record_type\":true,\"visibility\":null}"));
    assertEquals("deleted on 2026-03-01", FindingWords.of("DELETED_DATA",
        "{\"deleted_at\":\"2026-03-01T00:00:00.000Z\",\"closed_at\":null}"));
    assertEquals("account closed on 2026-02-24", FindingWords.of("DELETED_DATA",
        "{\"deleted_at\":null,\"closed_at\":\"2026-02-24T00:00:00.000Z\"}"));
    assertEquals("", FindingWords.of("NO_SUCH_RULE", "{}"));
    assertEquals("", FindingWords.of("AGE_UNKNOWN", "not json"));
  }
}
