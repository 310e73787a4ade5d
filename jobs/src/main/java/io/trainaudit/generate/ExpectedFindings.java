package io.trainaudit.generate;

import io.trainaudit.generate.MemberHistory.ConsentRow;
import io.trainaudit.generate.MemberHistory.MemberRow;
import io.trainaudit.generate.MemberHistory.RecordRow;
import io.trainaudit.generate.MemberHistory.RegionRow;
import io.trainaudit.generate.MemberHistory.SensitiveContextRow;
import io.trainaudit.generate.MemberHistory.TrainingRow;
import io.trainaudit.generate.MemberHistory.VisibilityRow;
import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.Policy;
import io.trainaudit.rules.RuleId;
import io.trainaudit.rules.Severity;
import io.trainaudit.tables.Vocabulary;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The contract's rules in plain Java over one member's simulated history: the findings the
 * auditor must produce for a training row. Written independently of the auditor's Spark rules so
 * that the ground truth checks them rather than repeats them. Sees only valid rows: the
 * simulation keeps planted invalid rows apart.
 */
final class ExpectedFindings implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final List<String> GENERATIVE_CHANNELS =
      List.of(Vocabulary.CHANNEL_GENERATIVE_AI_SETTING, Vocabulary.CHANNEL_OBJECTION_GENERATIVE);
  private static final List<String> NON_GENERATIVE_CHANNELS = List.of(Vocabulary.CHANNEL_OBJECTION_NON_GENERATIVE);

  private final int minimumAge;
  private final Set<String> privateVisibilities;
  private final Set<String> excludedRecordTypes;
  private final String internalRecipient;
  private final Set<String> affiliateRulePurposes;
  private final Set<String> protectedGroups;
  private final Map<String, Set<String>> allowedRecordTypes = new HashMap<>();
  private final Map<String, Long> effectiveFrom = new HashMap<>();
  private final Map<String, String> groupByCountry = new HashMap<>();
  private final EnumSet<RuleId> enabledRules = EnumSet.noneOf(RuleId.class);
  private final Set<String> sensitiveCategories;
  private final Map<String, Long> cutoffFrom = new HashMap<>();
  private final ContextPlan contexts;

  ExpectedFindings(Policy policy, ContextPlan contexts) {
    this.contexts = contexts;
    sensitiveCategories = new HashSet<>(policy.sensitiveCategories());
    policy.dataOriginCutoff().forEach((group, date) -> cutoffFrom.put(group, Times.startOf(date)));
    minimumAge = policy.minimumAge();
    privateVisibilities = new HashSet<>(policy.privateVisibilities());
    excludedRecordTypes = new HashSet<>(policy.excludedRecordTypes());
    internalRecipient = policy.internalRecipient();
    affiliateRulePurposes = new HashSet<>(policy.affiliateRulePurposes());
    protectedGroups = new HashSet<>(policy.affiliateProtectedGroups());
    policy.affiliateAllowedRecordTypes().forEach((group, types) -> allowedRecordTypes.put(group, new HashSet<>(types)));
    policy.effectiveDates().forEach((group, date) -> effectiveFrom.put(group, Times.startOf(date)));
    policy.regionGroups().forEach((group, countries) -> countries.forEach(c -> groupByCountry.putIfAbsent(c, group)));
    for (RuleId rule : RuleId.values()) {
      if (policy.isEnabled(rule.name())) {
        enabledRules.add(rule);
      }
    }
  }

  /** The rules a training row breaks or cannot be verified against, under an opt-out mode. */
  EnumSet<RuleId> evaluate(MemberHistory member, TrainingRow row, OptOutMode mode) {
    EnumSet<RuleId> found = EnumSet.noneOf(RuleId.class);
    long capturedAt = row.capturedAt();
    RecordRow record = member.record(row.recordId());
    boolean known = record != null;
    if (!known && !row.memberId().equals(member.memberId)) {
      throw new IllegalStateException("an unknown record must be attributed to the member simulating it: " + row);
    }
    long createdAt = known ? record.createdAt() : capturedAt;
    boolean generative = Vocabulary.PURPOSE_GENERATIVE.equals(row.purpose());

    OptionalLong optedOutSince =
        optedOutSince(member.consent, generative ? GENERATIVE_CHANNELS : NON_GENERATIVE_CHANNELS, capturedAt);
    if (optedOutSince.isPresent() && (mode == OptOutMode.USE_TIME || createdAt >= optedOutSince.getAsLong())) {
      found.add(generative ? RuleId.OPT_OUT_GENERATIVE : RuleId.OBJECTION_NON_GENERATIVE);
    }

    MemberRow facts = member.member;
    LocalDate birthDate = facts == null ? null : facts.birthDate();
    if (birthDate == null) {
      found.add(RuleId.AGE_UNKNOWN);
    } else if (Math.min(createdAt, capturedAt) < Times.startOf(birthDate.plusYears(minimumAge))) {
      found.add(RuleId.UNDER_AGE);
    }

    if (known) {
      boolean excludedType = excludedRecordTypes.contains(record.recordType());
      String visibility = visibilityAsOf(member.visibilityOf(record.recordId()), capturedAt);
      if (excludedType || (visibility != null && privateVisibilities.contains(visibility))) {
        found.add(RuleId.PRIVATE_CONTENT);
      }
      if (!excludedType && visibility == null) {
        found.add(RuleId.VISIBILITY_UNKNOWN);
      }
      if (!row.memberId().equals(record.memberId())) {
        found.add(RuleId.MEMBER_MISMATCH);
      }
    } else {
      found.add(RuleId.RECORD_UNKNOWN);
    }

    String group = regionGroupAsOf(member.regions, capturedAt);
    boolean affiliateRuleApplies =
        !internalRecipient.equals(row.recipient()) && affiliateRulePurposes.contains(row.purpose());
    if (affiliateRuleApplies && group != null && protectedGroups.contains(group)
        && !(known && allowedRecordTypes.getOrDefault(group, Set.of()).contains(record.recordType()))) {
      found.add(RuleId.AFFILIATE_SHARE_PROTECTED);
    }
    if (generative && group != null && effectiveFrom.containsKey(group) && capturedAt < effectiveFrom.get(group)) {
      found.add(RuleId.BEFORE_EFFECTIVE_DATE);
    }
    if (group == null && (generative || affiliateRuleApplies)) {
      found.add(RuleId.REGION_UNKNOWN);
    }

    boolean deleted = known && record.deletedAt() != null && record.deletedAt() <= capturedAt;
    boolean closed = facts != null && facts.closedAt() != null && facts.closedAt() <= capturedAt;
    if (deleted || closed) {
      found.add(RuleId.DELETED_DATA);
    }

    if (known && record.contextId() != null
        && !flaggedAsOf(contextFlags(member, record.contextId()), capturedAt).isEmpty()) {
      found.add(RuleId.SENSITIVE_CONTEXT);
    }
    if (generative && group != null && cutoffFrom.containsKey(group) && createdAt < cutoffFrom.get(group)) {
      found.add(RuleId.DATA_ORIGIN_CUTOFF);
    }
    found.retainAll(enabledRules);
    return found;
  }

  boolean hasViolation(MemberHistory member, TrainingRow row, OptOutMode mode) {
    return evaluate(member, row, mode).stream().anyMatch(r -> r.severity() == Severity.VIOLATION);
  }

  String groupOf(String countryCode) {
    return groupByCountry.getOrDefault(countryCode, Vocabulary.REGION_GROUP_OTHER);
  }

  boolean isProtected(String group) {
    return protectedGroups.contains(group);
  }

  /**
   * When the opt-out in force at {@code t} began, the earliest over the channels opted out; empty
   * when no channel is opted out at t. A channel's opt-out began at the earliest event of the
   * unbroken run of opted-out instants that reaches t; events at one instant count as opted out
   * if any of them is.
   */
  static OptionalLong optedOutSince(List<ConsentRow> events, List<String> channels, long t) {
    OptionalLong earliest = OptionalLong.empty();
    if (events.isEmpty()) {
      return earliest;
    }
    for (String channel : channels) {
      TreeMap<Long, Boolean> optedOutAt = new TreeMap<>();
      for (ConsentRow event : events) {
        if (event.channel().equals(channel) && event.eventTime() <= t) {
          optedOutAt.merge(event.eventTime(), event.optedOut(), Boolean::logicalOr);
        }
      }
      if (optedOutAt.isEmpty() || !optedOutAt.lastEntry().getValue()) {
        continue;
      }
      long since = optedOutAt.lastKey();
      for (Map.Entry<Long, Boolean> instant : optedOutAt.descendingMap().entrySet()) {
        if (!instant.getValue()) {
          break;
        }
        since = instant.getKey();
      }
      if (earliest.isEmpty() || since < earliest.getAsLong()) {
        earliest = OptionalLong.of(since);
      }
    }
    return earliest;
  }

  /** The flags of a context: the member's own (a planted case's context), else the shared plan's. */
  private List<SensitiveContextRow> contextFlags(MemberHistory member, String contextId) {
    List<SensitiveContextRow> own = member.contexts.stream().filter(f -> f.contextId().equals(contextId)).toList();
    return own.isEmpty() ? contexts.flagsOf(contextId) : own;
  }

  /**
   * The categories of the policy flagged at t: per category, the rows of its latest instant at or
   * before t, flagged if any of them is.
   */
  Set<String> flaggedAsOf(List<SensitiveContextRow> flags, long t) {
    Map<String, Long> latest = new HashMap<>();
    Map<String, Boolean> flaggedThen = new HashMap<>();
    for (SensitiveContextRow flag : flags) {
      long from = flag.effectiveFrom();
      if (from > t || !sensitiveCategories.contains(flag.category())) {
        continue;
      }
      Long before = latest.get(flag.category());
      if (before == null || from > before) {
        latest.put(flag.category(), from);
        flaggedThen.put(flag.category(), flag.flagged());
      } else if (from == before) {
        flaggedThen.merge(flag.category(), flag.flagged(), Boolean::logicalOr);
      }
    }
    Set<String> flagged = new java.util.TreeSet<>();
    flaggedThen.forEach((category, on) -> {
      if (on) {
        flagged.add(category);
      }
    });
    return flagged;
  }

  /** The visibility in force at t, the most protective of rows of equal instant; null if none. */
  static String visibilityAsOf(List<VisibilityRow> rows, long t) {
    VisibilityRow best = null;
    for (VisibilityRow row : rows) {
      long from = row.effectiveFrom();
      if (from > t) {
        continue;
      }
      if (best == null || from > best.effectiveFrom()
          || (from == best.effectiveFrom() && protectiveness(row.visibility()) > protectiveness(best.visibility()))) {
        best = row;
      }
    }
    return best == null ? null : best.visibility();
  }

  /** The region group in force at t; on equal instants a protected group's country, else the smallest code. */
  String regionGroupAsOf(List<RegionRow> rows, long t) {
    RegionRow best = null;
    for (RegionRow row : rows) {
      long from = row.effectiveFrom();
      if (from > t) {
        continue;
      }
      if (best == null || from > best.effectiveFrom()
          || (from == best.effectiveFrom() && winsTie(row.countryCode(), best.countryCode()))) {
        best = row;
      }
    }
    return best == null ? null : groupOf(best.countryCode());
  }

  private boolean winsTie(String country, String other) {
    boolean countryProtected = isProtected(groupOf(country));
    if (countryProtected != isProtected(groupOf(other))) {
      return countryProtected;
    }
    return country.compareTo(other) < 0;
  }

  private static int protectiveness(String visibility) {
    return Vocabulary.VISIBILITIES.indexOf(visibility);
  }
}
