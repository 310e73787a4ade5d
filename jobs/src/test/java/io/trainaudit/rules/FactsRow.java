package io.trainaudit.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One audited row built in memory for the rules' tests: a clean row (an adult in Germany, a public
 * post created before a capture on 2026-03-01, kept internal) that each method changes by one fact.
 */
public final class FactsRow {
  /** When the default row's snapshot was captured. */
  public static final long CAPTURE = micros("2026-03-01T00:00:00Z");

  private String purpose = "generative";
  private String recipient = "internal";
  private long captured = CAPTURE;
  private String snapshotMember = "m1";
  private boolean known = true;
  private String type = "post";
  private Long created = micros("2025-06-01T00:00:00Z");
  private Long deleted;
  private boolean memberKnown = true;
  private LocalDate birth = LocalDate.parse("1990-01-01");
  private Long closed;
  private String visibility = "public";
  private Long visibilitySince = micros("2025-01-01T00:00:00Z");
  private String country = "DE";
  private String group = "EU";
  private Long regionSince = micros("2020-01-01T00:00:00Z");
  private Long setting;
  private Long objection;
  private Long nonGenerative;
  private String context;
  private List<String> categories;
  private Long categoriesSince;

  public FactsRow purpose(String value) { purpose = value; return this; }
  public FactsRow recipient(String value) { recipient = value; return this; }
  public FactsRow captured(String value) { captured = micros(value); return this; }
  public FactsRow snapshotMember(String value) { snapshotMember = value; return this; }
  public FactsRow unknownRecord() { known = false; type = null; visibility = null; visibilitySince = null; return this; }
  public FactsRow type(String value) { type = value; return this; }
  public FactsRow created(String value) { created = micros(value); return this; }
  public FactsRow deleted(String value) { deleted = micros(value); return this; }
  public FactsRow memberKnown(boolean value) { memberKnown = value; return this; }
  public FactsRow born(String value) { birth = value == null ? null : LocalDate.parse(value); return this; }
  public FactsRow closed(String value) { closed = micros(value); return this; }
  public FactsRow visibility(String value) { visibility = value; visibilitySince = value == null ? null : visibilitySince; return this; }
  public FactsRow country(String code, String regionGroup) { country = code; group = regionGroup; return this; }
  public FactsRow noRegion() { country = null; group = null; regionSince = null; return this; }
  public FactsRow settingSince(String value) { setting = micros(value); return this; }
  public FactsRow objectionSince(String value) { objection = micros(value); return this; }
  public FactsRow nonGenerativeSince(String value) { nonGenerative = micros(value); return this; }
  public FactsRow context(String id, String since, String... flagged) {
    context = id;
    categories = flagged.length == 0 ? null : List.of(flagged);
    categoriesSince = since == null ? null : micros(since);
    return this;
  }

  public AuditFacts facts() {
    return new AuditFacts("s1", captured, purpose, recipient, "r1", known ? "m1" : snapshotMember, snapshotMember,
        known ? "m1" : null, known, type, known ? created : captured, deleted, memberKnown, birth, closed, visibility,
        visibilitySince, known ? context : null, known ? categories : null, known ? categoriesSince : null, country,
        group, regionSince, setting, objection, nonGenerative);
  }

  /** Microseconds since the epoch of an ISO-8601 instant, as the rules read timestamps. */
  public static long micros(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
  }
}
