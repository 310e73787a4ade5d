package io.trainaudit.rules;

import io.trainaudit.tables.Vocabulary;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy as the rules look it up, row after row, on the executors: sets and maps instead of
 * lists, and dates as the instants they begin. Built once per run from {@link Policy}.
 */
public final class CompiledPolicy implements Serializable {
  private static final long serialVersionUID = 1L;

  private final OptOutMode optOutMode;
  private final int minimumAge;
  private final Set<String> privateVisibilities;
  private final Set<String> excludedRecordTypes;
  private final String internalRecipient;
  private final Set<String> affiliateRulePurposes;
  private final Set<String> protectedGroups;
  private final Map<String, Set<String>> allowedRecordTypes = new HashMap<>();
  private final Map<String, LocalDate> effectiveDates;
  private final Map<String, String> groupOfCountry = new HashMap<>();
  private final List<String> sensitiveCategories;
  private final Map<String, LocalDate> dataOriginCutoff;

  public CompiledPolicy(Policy policy) {
    optOutMode = policy.optOutMode();
    minimumAge = policy.minimumAge();
    privateVisibilities = new HashSet<>(policy.privateVisibilities());
    excludedRecordTypes = new HashSet<>(policy.excludedRecordTypes());
    internalRecipient = policy.internalRecipient();
    affiliateRulePurposes = new HashSet<>(policy.affiliateRulePurposes());
    protectedGroups = new HashSet<>(policy.affiliateProtectedGroups());
    policy.affiliateAllowedRecordTypes().forEach((group, types) -> allowedRecordTypes.put(group, new HashSet<>(types)));
    effectiveDates = new HashMap<>(policy.effectiveDates());
    policy.regionGroups().forEach((group, countries) -> countries.forEach(c -> groupOfCountry.putIfAbsent(c, group)));
    sensitiveCategories = List.copyOf(policy.sensitiveCategories());
    dataOriginCutoff = new HashMap<>(policy.dataOriginCutoff());
  }

  public OptOutMode optOutMode() {
    return optOutMode;
  }

  public int minimumAge() {
    return minimumAge;
  }

  public boolean isPrivate(String visibility) {
    return visibility != null && privateVisibilities.contains(visibility);
  }

  public boolean isExcluded(String recordType) {
    return recordType != null && excludedRecordTypes.contains(recordType);
  }

  public boolean isInternal(String recipient) {
    return internalRecipient.equals(recipient);
  }

  /** The row went to an affiliate for a purpose the affiliate rule covers. */
  public boolean sharedWithAffiliate(String recipient, String purpose) {
    return !isInternal(recipient) && affiliateRulePurposes.contains(purpose);
  }

  public boolean isProtected(String group) {
    return group != null && protectedGroups.contains(group);
  }

  /** Whether the group lets this record type be shared with affiliates; never for an unknown type. */
  public boolean allowsForAffiliates(String group, String recordType) {
    return recordType != null && allowedRecordTypes.getOrDefault(group, Set.of()).contains(recordType);
  }

  /** The day the policy took effect in the group, or null for a group without one. */
  public LocalDate effectiveDate(String group) {
    return group == null ? null : effectiveDates.get(group);
  }

  /** The special categories whose flag on a context keeps its content out of training. */
  public List<String> sensitiveCategories() {
    return sensitiveCategories;
  }

  /** The day before which no record of the group is used for generative training, or null for a group without one. */
  public LocalDate dataOriginCutoff(String group) {
    return group == null ? null : dataOriginCutoff.get(group);
  }

  /** The group of a country, by the policy's region groups: {@code OTHER} when in none. */
  public String groupOf(String countryCode) {
    return groupOfCountry.getOrDefault(countryCode, Vocabulary.REGION_GROUP_OTHER);
  }

  /** The instant 00:00 UTC of a day begins, in microseconds since the epoch. */
  public static long startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
  }

  /** The policy's groups that protect from affiliate sharing, for ties between countries. */
  public List<String> protectedGroups() {
    return List.copyOf(protectedGroups);
  }
}
