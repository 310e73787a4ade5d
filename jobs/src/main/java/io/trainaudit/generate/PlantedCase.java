package io.trainaudit.generate;

import io.trainaudit.generate.SnapshotPlan.Role;
import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.RuleId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The cases planted in every generated data set, each on members of its own whose only training
 * row is the case (record id {@code p-<slug>-<member index>}). Each declares the findings its
 * row must produce under each opt-out mode, designed for the default policy (minimum age 18,
 * EU/EEA/CH/UK protected, effective dates 2025-11-03 and US 2024-09-18, the GDPR Art. 9
 * categories) with a data-origin cutoff (the contract's example: EU 2024-07-01, UK 2025-01-01).
 * A case the policy gives no occasion for (the cutoff cases without a cutoff) is not planted; the
 * ground truth is computed from the data and is exact under any policy.
 */
public enum PlantedCase {
  OPT_OUT_SETTING(Role.LATE, "settings toggle off 100 days before capture, record collected after", both(RuleId.OPT_OUT_GENERATIVE)),
  OPT_OUT_AFTER_COLLECTION(Role.LATE, "settings toggle off after the record was collected", useTimeOnly(RuleId.OPT_OUT_GENERATIVE)),
  OPT_OUT_AT_CAPTURE(Role.LATE, "boundary: opt-out event exactly at captured_at is in force", useTimeOnly(RuleId.OPT_OUT_GENERATIVE)),
  OPT_IN_AT_CAPTURE(Role.LATE, "boundary: opt-in event exactly at captured_at ends the opt-out", none()),
  OPT_OUT_TIE(Role.LATE, "tie: opt-out and opt-in at the same event_time, opted out wins", both(RuleId.OPT_OUT_GENERATIVE)),
  REOPTED_IN(Role.LATE, "opted out, then back in before capture", none()),
  TOGGLED(Role.LATE, "out, in, out again; the record predates the last opt-out only", useTimeOnly(RuleId.OPT_OUT_GENERATIVE)),
  REPEATED_OPT_OUT(Role.LATE, "two opt-outs in a row: the run began at the first", both(RuleId.OPT_OUT_GENERATIVE)),
  BOTH_CHANNELS(Role.LATE, "settings toggle and objection form both opted out: the earlier start counts",
      both(RuleId.OPT_OUT_GENERATIVE)),
  OBJECTION_GENERATIVE(Role.LATE, "objection form against generative training", both(RuleId.OPT_OUT_GENERATIVE)),
  OBJECTION_NON_GENERATIVE(Role.NON_GENERATIVE, "objection form against non-generative training",
      both(RuleId.OBJECTION_NON_GENERATIVE)),
  OPT_OUT_IN_NON_GENERATIVE_SNAPSHOT(Role.NON_GENERATIVE, "settings toggle off does not cover non-generative training",
      none()),
  NON_GENERATIVE_OBJECTION_IN_GENERATIVE_SNAPSHOT(Role.LATE,
      "non-generative objection does not cover generative training", none()),
  UNDER_AGE_AT_CAPTURE(Role.LATE, "member is 16 at capture", both(RuleId.UNDER_AGE)),
  UNDER_AGE_AT_COLLECTION(Role.LATE, "member was 17 when the record was collected, adult at capture", both(RuleId.UNDER_AGE)),
  BIRTHDAY_AT_COLLECTION(Role.LATE, "boundary: record collected at 00:00 UTC of the 18th birthday is an adult's",
      none()),
  LEAP_DAY_ADULT(Role.LATE, "boundary: born 2008-02-29, record collected 2026-02-28T00:00:00Z (plusYears)", none()),
  LEAP_DAY_MINOR(Role.LATE, "boundary: born 2008-02-29, record collected 2026-02-27T23:59:59Z", both(RuleId.UNDER_AGE)),
  BIRTH_DATE_UNKNOWN(Role.LATE, "members row with a null birth_date", both(RuleId.AGE_UNKNOWN)),
  MEMBER_ABSENT(Role.LATE, "member absent from members: age unknown, account open", both(RuleId.AGE_UNKNOWN)),
  EXCLUDED_TYPE(Role.LATE, "excluded record type (and no visibility row: not VISIBILITY_UNKNOWN)",
      both(RuleId.PRIVATE_CONTENT)),
  PRIVATE_VISIBILITY(Role.LATE, "visibility changed from public to private before capture", both(RuleId.PRIVATE_CONTENT)),
  VISIBILITY_AT_CAPTURE(Role.LATE, "boundary: visibility turns private exactly at captured_at", both(RuleId.PRIVATE_CONTENT)),
  VISIBILITY_TIE(Role.LATE, "tie: public and private at the same effective_from, private wins", both(RuleId.PRIVATE_CONTENT)),
  VISIBILITY_AFTER_CAPTURE(Role.LATE, "visibility turns private one second after capture", none()),
  VISIBILITY_MISSING(Role.LATE, "record without any visibility row", both(RuleId.VISIBILITY_UNKNOWN)),
  VISIBILITY_ONLY_LATER(Role.LATE, "first visibility row a day after capture", both(RuleId.VISIBILITY_UNKNOWN)),
  AFFILIATE_PROTECTED(Role.LATE, "protected-region member in a generative snapshot shared with an affiliate",
      both(RuleId.AFFILIATE_SHARE_PROTECTED)),
  REGION_AT_CAPTURE(Role.LATE, "boundary: moves into a protected region exactly at captured_at",
      both(RuleId.AFFILIATE_SHARE_PROTECTED)),
  REGION_TIE_PROTECTED(Role.LATE, "tie: two countries at one effective_from, the protected one wins over a smaller code",
      both(RuleId.AFFILIATE_SHARE_PROTECTED)),
  REGION_TIE_SMALLEST(Role.EARLY, "tie: two unprotected countries at one effective_from, the smallest code wins",
      none()),
  BEFORE_EFFECTIVE_DATE(Role.EARLY, "unprotected region captured before its effective date",
      both(RuleId.BEFORE_EFFECTIVE_DATE)),
  BEFORE_EFFECTIVE_DATE_PROTECTED(Role.EARLY, "protected region captured before its effective date, internal use",
      both(RuleId.BEFORE_EFFECTIVE_DATE)),
  REGION_MISSING(Role.LATE, "member without any region row", both(RuleId.REGION_UNKNOWN)),
  REGION_ONLY_LATER(Role.LATE, "first region row a day after capture", both(RuleId.REGION_UNKNOWN)),
  REGION_MISSING_NON_GENERATIVE(Role.NON_GENERATIVE, "no region, but no region rule applies to internal non-generative use",
      none()),
  DELETED(Role.LATE, "record deleted five days before capture", both(RuleId.DELETED_DATA)),
  DELETED_AT_CAPTURE(Role.LATE, "boundary: record deleted exactly at captured_at", both(RuleId.DELETED_DATA)),
  DELETED_AFTER_CAPTURE(Role.LATE, "record deleted one second after capture", none()),
  CLOSED(Role.LATE, "account closed five days before capture", both(RuleId.DELETED_DATA)),
  CLOSED_AT_CAPTURE(Role.LATE, "boundary: account closed exactly at captured_at", both(RuleId.DELETED_DATA)),
  RECORD_UNKNOWN(Role.LATE, "training record_id absent from records", both(RuleId.RECORD_UNKNOWN)),
  RECORD_UNKNOWN_CLOSED_MEMBER(Role.LATE, "unknown record of a closed account: DELETED_DATA from members.closed_at",
      both(RuleId.RECORD_UNKNOWN, RuleId.DELETED_DATA)),
  RECORD_UNKNOWN_OPTED_OUT(Role.LATE, "unknown record of an opted-out member: created_at := captured_at",
      both(RuleId.RECORD_UNKNOWN, RuleId.OPT_OUT_GENERATIVE)),
  MEMBER_MISMATCH(Role.LATE, "snapshot attributes the record to a member id that is not its owner",
      both(RuleId.MEMBER_MISMATCH)),
  DUPLICATE_ROW(Role.LATE, "a clean training row written twice, audited once", none()),
  DUPLICATE_PRIVATE_ROW(Role.LATE, "an excluded-type training row written twice, found once", both(RuleId.PRIVATE_CONTENT)),
  DIFFERING_COPIES(Role.LATE, "a protected member's row twice in one snapshot, kept internal and shared with an"
      + " affiliate: every copy is judged, so the internal copy does not hide the share",
      both(RuleId.AFFILIATE_SHARE_PROTECTED)),
  SENSITIVE_CONTEXT(Role.LATE, "post in a group flagged with a special category of the policy before capture",
      both(RuleId.SENSITIVE_CONTEXT)),
  FLAG_RAISED_AT_CAPTURE(Role.LATE, "boundary: the group's flag is raised exactly at captured_at",
      both(RuleId.SENSITIVE_CONTEXT)),
  FLAG_LIFTED_AT_CAPTURE(Role.LATE, "boundary: the group's flag is lifted exactly at captured_at", none()),
  FLAG_TIE(Role.LATE, "tie: a flag and its lifting at one effective_from, flagged wins", both(RuleId.SENSITIVE_CONTEXT)),
  CATEGORY_OUTSIDE_POLICY(Role.LATE, "the group is flagged with a category the policy does not list", none()),
  SECOND_CATEGORY(Role.LATE, "two categories on one group: the second still flagged when the first is lifted",
      both(RuleId.SENSITIVE_CONTEXT)),
  CUTOFF_AT_MIDNIGHT(Role.LATE, "boundary: record collected exactly at 00:00 UTC of its region's cutoff day,"
      + " kept internal", none()),
  CUTOFF_SECOND_BEFORE(Role.LATE, "record collected one second before its region's cutoff day, kept internal",
      both(RuleId.DATA_ORIGIN_CUTOFF)),
  INVALID_ROWS(Role.LATE, "a clean row whose member has invalid rows in every table (no effect on state)", none());

  private final Role snapshot;
  private final String description;
  private final Expected expected;

  PlantedCase(Role snapshot, String description, Expected expected) {
    this.snapshot = snapshot;
    this.description = description;
    this.expected = expected;
  }

  /** The name used in planted record ids and in planted.json. */
  public String slug() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String description() {
    return description;
  }

  /** The findings the case's training row produces under a mode (default policy). */
  public Set<RuleId> expectedFindings(OptOutMode mode) {
    return mode == OptOutMode.USE_TIME ? expected.useTime() : expected.collectionTime();
  }

  Role snapshot() {
    return snapshot;
  }

  private record Expected(Set<RuleId> useTime, Set<RuleId> collectionTime) {
    Expected {
      useTime = Collections.unmodifiableSet(EnumSet.copyOf(useTime));
      collectionTime = Collections.unmodifiableSet(EnumSet.copyOf(collectionTime));
    }
  }

  private static Expected both(RuleId first, RuleId... more) {
    return new Expected(EnumSet.of(first, more), EnumSet.of(first, more));
  }

  private static Expected useTimeOnly(RuleId rule) {
    return new Expected(EnumSet.of(rule), EnumSet.noneOf(RuleId.class));
  }

  private static Expected none() {
    return new Expected(EnumSet.noneOf(RuleId.class), EnumSet.noneOf(RuleId.class));
  }
}
