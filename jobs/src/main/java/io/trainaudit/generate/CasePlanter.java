package io.trainaudit.generate;

import io.trainaudit.generate.MemberHistory.ConsentRow;
import io.trainaudit.generate.MemberHistory.MemberRow;
import io.trainaudit.generate.MemberHistory.RecordRow;
import io.trainaudit.generate.MemberHistory.RegionRow;
import io.trainaudit.generate.MemberHistory.SensitiveContextRow;
import io.trainaudit.generate.MemberHistory.TrainingRow;
import io.trainaudit.generate.MemberHistory.VisibilityRow;
import io.trainaudit.generate.SnapshotPlan.Role;
import io.trainaudit.rules.Policy;
import io.trainaudit.tables.Vocabulary;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds the member of a planted case: an adult in an unprotected region without consent events,
 * owning one public post collected 60 days before its snapshot, posted in no group, which enters
 * that snapshot once; then the case changes exactly what it is about. The countries, types,
 * categories and days it uses come from the policy.
 */
final class CasePlanter implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long DAY = Times.DAY;
  private static final long REGIONS_FROM = Times.startOf(2015, 1, 1);
  private static final LocalDate LEAP_DAY_BIRTH = LocalDate.of(2008, 2, 29);
  private static final String CHANNEL_SETTING = Vocabulary.CHANNEL_GENERATIVE_AI_SETTING;
  private static final String CHANNEL_OBJECTION_GENERATIVE = Vocabulary.CHANNEL_OBJECTION_GENERATIVE;
  private static final String CHANNEL_OBJECTION_NON_GENERATIVE = Vocabulary.CHANNEL_OBJECTION_NON_GENERATIVE;
  private static final String PUBLIC = Vocabulary.VISIBILITIES.get(0);
  /** Event numbers of planted invalid consent events, apart from the valid ones. */
  private static final int INVALID_EVENTS_FROM = 900;

  private final SnapshotPlan plan;
  private final long members;
  private final int minimumAge;
  private final String excludedType;
  private final String privateVisibility;
  private final List<String> protectedCountries;
  /** Protected countries of groups without a data-origin cutoff (all of them if none is): for early records. */
  private final List<String> uncutProtectedCountries;
  /** The largest protected country code: wins a tie only by being protected. */
  private final String protectedTieCountry;
  /** Countries in no region group, smallest first. */
  private final List<String> otherCountries;
  /** A country of an unprotected group whose effective date is after the early snapshot. */
  private final String datedCountry;
  private final String internalRecipient;
  /** The policy's special categories, in its order: the first flags a group, the second is the second category. */
  private final List<String> sensitiveCategories;
  /** A category the policy does not list. */
  private final String unlistedCategory;
  /** A country of a group with a cutoff day before the late snapshot and in force then, and that day's start; or null. */
  private final String cutoffCountry;
  private final Long cutoffFrom;

  CasePlanter(SnapshotPlan plan, Policy policy, long members, List<String> otherCountries) {
    this.plan = plan;
    this.members = members;
    this.minimumAge = policy.minimumAge();
    this.internalRecipient = policy.internalRecipient();
    this.otherCountries = List.copyOf(otherCountries);
    this.excludedType = policy.excludedRecordTypes().isEmpty() ? "private_message" : policy.excludedRecordTypes().get(0);
    this.privateVisibility =
        policy.privateVisibilities().isEmpty() ? "private" : policy.privateVisibilities().get(0);
    this.protectedCountries =
        policy.affiliateProtectedGroups().stream()
            .flatMap(g -> policy.regionGroups().getOrDefault(g, List.of()).stream())
            .sorted()
            .toList();
    if (protectedCountries.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot generate: the policy protects no region group with countries, so affiliate sharing cannot be planted");
    }
    this.protectedTieCountry = protectedCountries.get(protectedCountries.size() - 1);
    List<String> uncut = policy.affiliateProtectedGroups().stream()
        .filter(g -> policy.dataOriginCutoff(g).isEmpty())
        .flatMap(g -> policy.regionGroups().getOrDefault(g, List.of()).stream())
        .sorted()
        .toList();
    this.uncutProtectedCountries = uncut.isEmpty() ? protectedCountries : uncut;
    long early = plan.snapshot(Role.EARLY).capturedAt();
    this.datedCountry =
        policy.effectiveDates().entrySet().stream()
            .filter(e -> !policy.isProtected(e.getKey()) && Times.startOf(e.getValue()) > early)
            .filter(e -> !policy.regionGroups().getOrDefault(e.getKey(), List.of()).isEmpty())
            .min(Map.Entry.<String, LocalDate>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
            .map(e -> policy.regionGroups().get(e.getKey()).stream().min(Comparator.naturalOrder()).orElseThrow())
            .orElseThrow(() -> new IllegalArgumentException("Cannot generate: the policy has no unprotected region group"
                + " with countries and an effective date after mid-2024, so BEFORE_EFFECTIVE_DATE cannot be planted"));
    this.sensitiveCategories = List.copyOf(policy.sensitiveCategories());
    this.unlistedCategory = java.util.stream.Stream.iterate(0, i -> i + 1)
        .map(i -> i == 0 ? "sports" : "sports_" + i)
        .filter(c -> !sensitiveCategories.contains(c))
        .findFirst().orElseThrow();
    long late = plan.snapshot(Role.LATE).capturedAt();
    Map.Entry<String, LocalDate> cutoff = policy.dataOriginCutoff().entrySet().stream()
        .filter(e -> !policy.regionGroups().getOrDefault(e.getKey(), List.of()).isEmpty())
        .filter(e -> Times.startOf(e.getValue()) < late)
        .filter(e -> policy.effectiveDate(e.getKey()).map(d -> Times.startOf(d) <= late).orElse(true))
        .min(Map.Entry.<String, LocalDate>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .orElse(null);
    this.cutoffCountry = cutoff == null ? null
        : policy.regionGroups().get(cutoff.getKey()).stream().min(Comparator.naturalOrder()).orElseThrow();
    this.cutoffFrom = cutoff == null ? null : Times.startOf(cutoff.getValue());
  }

  /**
   * Whether the policy gives the case an occasion: the cutoff cases need a group with a cutoff
   * day before the late snapshot, the sensitive-context ones listed categories (two for the
   * second category). A case that is not planted leaves its members to ordinary lives.
   */
  boolean plants(PlantedCase plantedCase) {
    return switch (plantedCase) {
      case CUTOFF_AT_MIDNIGHT, CUTOFF_SECOND_BEFORE -> cutoffCountry != null;
      case SENSITIVE_CONTEXT, FLAG_RAISED_AT_CAPTURE, FLAG_LIFTED_AT_CAPTURE, FLAG_TIE -> !sensitiveCategories.isEmpty();
      case SECOND_CATEGORY -> sensitiveCategories.size() > 1;
      default -> true;
    };
  }

  MemberHistory plant(PlantedCase plantedCase, long index, SplittableRandom random) {
    SnapshotSpec snapshot = plan.snapshot(plantedCase.snapshot());
    long capturedAt = snapshot.capturedAt();
    String memberId = Ids.member(index);
    String recordId = Ids.planted(plantedCase, index);
    MemberHistory member = new MemberHistory(memberId, plantedCase);

    LocalDate birthDate = LocalDate.of(1970, 1, 1).plusDays(random.nextInt(30 * 365));
    Long closedAt = null;
    boolean listed = true;
    String recordType = "post";
    long createdAt = capturedAt - 60 * DAY - random.nextLong(DAY);
    Long deletedAt = null;
    boolean recordKnown = true;
    String attributedTo = memberId;
    int copies = 1;
    long regionFrom = REGIONS_FROM + random.nextLong(1000 * DAY);
    String otherCountry = otherCountries.get(random.nextInt(otherCountries.size()));
    String protectedCountry = protectedCountries.get(random.nextInt(protectedCountries.size()));
    List<RegionRow> regions = new ArrayList<>(List.of(new RegionRow(memberId, otherCountry, regionFrom)));
    List<VisibilityRow> visibility = null;
    String contextId = null;
    String recipient = snapshot.recipient();
    String category = sensitiveCategories.isEmpty() ? null : sensitiveCategories.get(0);

    switch (plantedCase) {
      case OPT_OUT_SETTING -> event(member, index, CHANNEL_SETTING, true, capturedAt - 100 * DAY);
      case OPT_OUT_AFTER_COLLECTION -> event(member, index, CHANNEL_SETTING, true, capturedAt - 30 * DAY);
      case OPT_OUT_AT_CAPTURE -> event(member, index, CHANNEL_SETTING, true, capturedAt);
      case OPT_IN_AT_CAPTURE -> {
        event(member, index, CHANNEL_SETTING, true, capturedAt - 100 * DAY);
        event(member, index, CHANNEL_SETTING, false, capturedAt);
      }
      case OPT_OUT_TIE -> {
        event(member, index, CHANNEL_SETTING, true, capturedAt - 100 * DAY);
        event(member, index, CHANNEL_SETTING, false, capturedAt - 100 * DAY);
      }
      case REOPTED_IN -> {
        event(member, index, CHANNEL_SETTING, true, capturedAt - 200 * DAY);
        event(member, index, CHANNEL_SETTING, false, capturedAt - 100 * DAY);
      }
      case TOGGLED -> {
        event(member, index, CHANNEL_SETTING, true, capturedAt - 300 * DAY);
        event(member, index, CHANNEL_SETTING, false, capturedAt - 200 * DAY);
        event(member, index, CHANNEL_SETTING, true, capturedAt - 100 * DAY);
        createdAt = capturedAt - 150 * DAY;
      }
      case REPEATED_OPT_OUT -> {
        event(member, index, CHANNEL_SETTING, true, capturedAt - 300 * DAY);
        event(member, index, CHANNEL_SETTING, true, capturedAt - 100 * DAY);
        createdAt = capturedAt - 200 * DAY;
      }
      case BOTH_CHANNELS -> {
        event(member, index, CHANNEL_SETTING, true, capturedAt - 50 * DAY);
        event(member, index, CHANNEL_OBJECTION_GENERATIVE, true, capturedAt - 150 * DAY);
        createdAt = capturedAt - 100 * DAY;
      }
      case OBJECTION_GENERATIVE -> event(member, index, CHANNEL_OBJECTION_GENERATIVE, true, capturedAt - 100 * DAY);
      case OBJECTION_NON_GENERATIVE, NON_GENERATIVE_OBJECTION_IN_GENERATIVE_SNAPSHOT ->
          event(member, index, CHANNEL_OBJECTION_NON_GENERATIVE, true, capturedAt - 100 * DAY);
      case OPT_OUT_IN_NON_GENERATIVE_SNAPSHOT -> event(member, index, CHANNEL_SETTING, true, capturedAt - 100 * DAY);
      case UNDER_AGE_AT_CAPTURE -> birthDate = Times.dateOf(capturedAt).minusYears(Math.max(0, minimumAge - 2));
      case UNDER_AGE_AT_COLLECTION -> {
        birthDate = Times.dateOf(capturedAt).minusDays(30).minusYears(minimumAge);
        createdAt = adultFrom(birthDate) - 10 * DAY;
      }
      case BIRTHDAY_AT_COLLECTION -> {
        birthDate = Times.dateOf(capturedAt).minusDays(30).minusYears(minimumAge);
        createdAt = adultFrom(birthDate);
      }
      case LEAP_DAY_ADULT -> {
        birthDate = LEAP_DAY_BIRTH;
        createdAt = adultFrom(birthDate);
      }
      case LEAP_DAY_MINOR -> {
        birthDate = LEAP_DAY_BIRTH;
        createdAt = adultFrom(birthDate) - 1;
      }
      case BIRTH_DATE_UNKNOWN -> birthDate = null;
      case MEMBER_ABSENT -> listed = false;
      case EXCLUDED_TYPE -> {
        recordType = excludedType;
        visibility = List.of();
      }
      case PRIVATE_VISIBILITY -> visibility = List.of(
          new VisibilityRow(recordId, PUBLIC, createdAt), new VisibilityRow(recordId, privateVisibility, capturedAt - 20 * DAY));
      case VISIBILITY_AT_CAPTURE -> visibility = List.of(
          new VisibilityRow(recordId, PUBLIC, createdAt), new VisibilityRow(recordId, privateVisibility, capturedAt));
      case VISIBILITY_TIE -> visibility = List.of(
          new VisibilityRow(recordId, privateVisibility, createdAt), new VisibilityRow(recordId, PUBLIC, createdAt));
      case VISIBILITY_AFTER_CAPTURE -> visibility = List.of(
          new VisibilityRow(recordId, PUBLIC, createdAt), new VisibilityRow(recordId, privateVisibility, capturedAt + 1));
      case VISIBILITY_MISSING -> visibility = List.of();
      case VISIBILITY_ONLY_LATER -> visibility = List.of(new VisibilityRow(recordId, PUBLIC, capturedAt + DAY));
      case AFFILIATE_PROTECTED -> regions = List.of(new RegionRow(memberId, protectedCountry, regionFrom));
      // Its record is collected before mid-2024: a group without a cutoff keeps the case about the effective date.
      case BEFORE_EFFECTIVE_DATE_PROTECTED -> regions = List.of(new RegionRow(memberId,
          uncutProtectedCountries.get(random.nextInt(uncutProtectedCountries.size())), regionFrom));
      case REGION_AT_CAPTURE -> regions.add(new RegionRow(memberId, protectedCountry, capturedAt));
      // In both ties the winner is listed first, so that "the last row wins" would be caught.
      case REGION_TIE_PROTECTED -> regions = List.of(
          new RegionRow(memberId, protectedTieCountry, regionFrom), new RegionRow(memberId, otherCountries.get(0), regionFrom));
      case REGION_TIE_SMALLEST -> regions = List.of(
          new RegionRow(memberId, otherCountries.get(0), regionFrom), new RegionRow(memberId, datedCountry, regionFrom));
      case BEFORE_EFFECTIVE_DATE -> regions = List.of(new RegionRow(memberId, datedCountry, regionFrom));
      case REGION_MISSING, REGION_MISSING_NON_GENERATIVE -> regions = List.of();
      case REGION_ONLY_LATER -> regions = List.of(new RegionRow(memberId, otherCountry, capturedAt + DAY));
      case DELETED -> deletedAt = capturedAt - 5 * DAY;
      case DELETED_AT_CAPTURE -> deletedAt = capturedAt;
      case DELETED_AFTER_CAPTURE -> deletedAt = capturedAt + 1;
      case CLOSED -> closedAt = capturedAt - 5 * DAY;
      case CLOSED_AT_CAPTURE -> closedAt = capturedAt;
      case RECORD_UNKNOWN -> recordKnown = false;
      case RECORD_UNKNOWN_CLOSED_MEMBER -> {
        recordKnown = false;
        closedAt = capturedAt - 5 * DAY;
      }
      case RECORD_UNKNOWN_OPTED_OUT -> {
        recordKnown = false;
        event(member, index, CHANNEL_SETTING, true, capturedAt - 10 * DAY);
      }
      case MEMBER_MISMATCH -> attributedTo = Ids.member(members + index);
      case DUPLICATE_ROW -> copies = 2;
      case DUPLICATE_PRIVATE_ROW -> {
        recordType = excludedType;
        copies = 2;
      }
      case DIFFERING_COPIES -> regions = List.of(new RegionRow(memberId, protectedCountry, regionFrom));
      case SENSITIVE_CONTEXT -> contextId = flag(member, recordId, category, true, capturedAt - 30 * DAY);
      case FLAG_RAISED_AT_CAPTURE -> contextId = flag(member, recordId, category, true, capturedAt);
      case FLAG_LIFTED_AT_CAPTURE -> {
        contextId = flag(member, recordId, category, true, capturedAt - 100 * DAY);
        flag(member, recordId, category, false, capturedAt);
      }
      // The winner is listed first, so that "the last row wins" would be caught.
      case FLAG_TIE -> {
        contextId = flag(member, recordId, category, true, capturedAt - 30 * DAY);
        flag(member, recordId, category, false, capturedAt - 30 * DAY);
      }
      case CATEGORY_OUTSIDE_POLICY -> contextId = flag(member, recordId, unlistedCategory, true, capturedAt - 30 * DAY);
      case SECOND_CATEGORY -> {
        contextId = flag(member, recordId, category, true, capturedAt - 200 * DAY);
        flag(member, recordId, sensitiveCategories.get(1), true, capturedAt - 100 * DAY);
        flag(member, recordId, category, false, capturedAt - 50 * DAY);
      }
      case CUTOFF_AT_MIDNIGHT, CUTOFF_SECOND_BEFORE -> {
        regions = List.of(new RegionRow(memberId, cutoffCountry, regionFrom));
        createdAt = plantedCase == PlantedCase.CUTOFF_AT_MIDNIGHT ? cutoffFrom : cutoffFrom - 1;
        // Kept internal, so that a protected group's member is not an affiliate share too.
        recipient = internalRecipient;
      }
      case INVALID_ROWS -> contextId = plantInvalidRows(member, index, snapshot, recordId, protectedCountry);
    }

    if (listed) {
      member.member = new MemberRow(memberId, birthDate, closedAt);
    }
    member.regions.addAll(regions);
    if (recordKnown) {
      member.records.add(new RecordRow(recordId, memberId, recordType, createdAt, deletedAt, contextId));
      member.visibility.addAll(visibility != null ? visibility : List.of(new VisibilityRow(recordId, PUBLIC, createdAt)));
    }
    TrainingRow row = new TrainingRow(snapshot.snapshotId(), capturedAt, snapshot.purpose(), recipient, recordId,
        attributedTo);
    member.training.add(row);
    for (int copy = 1; copy < copies; copy++) {
      member.duplicates.add(row);
    }
    if (plantedCase == PlantedCase.DIFFERING_COPIES) {
      // The same row with the other kind of recipient: whichever copy comes first, the share is found.
      String other = row.recipient().equals(internalRecipient) ? internalRecipient + "_affiliate" : internalRecipient;
      member.otherCopies.add(new TrainingRow(row.snapshotId(), row.capturedAt(), row.purpose(), other, row.recordId(),
          row.memberId()));
    }
    return member;
  }

  /** Flags the planted record's own context with a category from {@code at}; returns the context. */
  private static String flag(MemberHistory member, String recordId, String category, boolean flagged, long at) {
    String contextId = Ids.plantedContext(recordId);
    member.contexts.add(new SensitiveContextRow(contextId, category, flagged, at));
    return contextId;
  }

  /**
   * Rows the auditor must quarantine, one per kind of defect and table. Each would change the
   * member's findings if it were wrongly taken as valid. Returns the context of the member's record,
   * which only invalid rows flag.
   */
  private String plantInvalidRows(MemberHistory member, long index, SnapshotSpec snapshot, String recordId,
      String protectedCountry) {
    String memberId = member.memberId;
    long capturedAt = snapshot.capturedAt();
    String bad = recordId + "-bad";
    member.invalid.addAll(List.of(
        new TrainingRow(snapshot.snapshotId(), capturedAt, snapshot.purpose(), snapshot.recipient(), null, memberId),
        new TrainingRow(snapshot.snapshotId(), capturedAt, "research", snapshot.recipient(), bad + "1", memberId),
        new TrainingRow(snapshot.snapshotId(), null, snapshot.purpose(), snapshot.recipient(), bad + "2", memberId),
        new RecordRow(bad + "3", memberId, "post", null, null, null),
        new RecordRow(bad + "4", null, "post", capturedAt - 90 * DAY, null, null),
        new RecordRow(bad + "5", memberId, null, capturedAt - 90 * DAY, null, null),
        new VisibilityRow(recordId, "friends_only", capturedAt - 10 * DAY),
        new VisibilityRow(recordId, privateVisibility, null),
        new VisibilityRow(null, privateVisibility, capturedAt - 10 * DAY),
        new ConsentRow(Ids.event(index, INVALID_EVENTS_FROM), memberId, "email_marketing", true, capturedAt - 30 * DAY, "ui"),
        new ConsentRow(Ids.event(index, INVALID_EVENTS_FROM + 1), memberId, CHANNEL_SETTING, true, null, "ui"),
        new ConsentRow(Ids.event(index, INVALID_EVENTS_FROM + 2), memberId, CHANNEL_SETTING, null, capturedAt - 30 * DAY, "api"),
        new ConsentRow(null, memberId, CHANNEL_SETTING, true, capturedAt - 30 * DAY, "api"),
        new MemberRow(null, LocalDate.of(2012, 5, 1), null),
        new RegionRow(memberId, "DEU", capturedAt - 10 * DAY),
        new RegionRow(memberId, protectedCountry, null),
        new RegionRow(null, protectedCountry, capturedAt - 10 * DAY)));
    String contextId = Ids.plantedContext(recordId);
    String category = sensitiveCategories.isEmpty() ? unlistedCategory : sensitiveCategories.get(0);
    member.invalid.addAll(List.of(
        new SensitiveContextRow(contextId, category, null, capturedAt - 10 * DAY),
        new SensitiveContextRow(contextId, category, true, null),
        new SensitiveContextRow(contextId, null, true, capturedAt - 10 * DAY),
        new SensitiveContextRow(null, category, true, capturedAt - 10 * DAY)));
    return contextId;
  }

  private long adultFrom(LocalDate birthDate) {
    return Times.startOf(birthDate.plusYears(minimumAge));
  }

  private static void event(MemberHistory member, long index, String channel, boolean optedOut, long at) {
    String source = channel.equals(CHANNEL_SETTING) ? "ui" : "form";
    member.consent.add(new ConsentRow(Ids.event(index, member.consent.size()), member.memberId, channel, optedOut, at, source));
  }
}
