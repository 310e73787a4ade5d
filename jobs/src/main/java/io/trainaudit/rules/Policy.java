package io.trainaudit.rules;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The promises being audited, as configured under {@code policy:}. Immutable; collections are
 * copied and keep the file's order so that the policy hash is stable.
 *
 * @param gateExcludeUnverifiable whether the pre-training gate excludes rows with an unverifiable finding
 */
public record Policy(
    OptOutMode optOutMode,
    int minimumAge,
    List<String> privateVisibilities,
    List<String> excludedRecordTypes,
    String internalRecipient,
    List<String> affiliateRulePurposes,
    List<String> affiliateProtectedGroups,
    Map<String, List<String>> affiliateAllowedRecordTypes,
    Map<String, LocalDate> effectiveDates,
    List<String> sensitiveCategories,
    Map<String, LocalDate> dataOriginCutoff,
    Map<String, List<String>> regionGroups,
    Set<String> disabledRules,
    int evidenceRetentionDays,
    boolean gateExcludeUnverifiable) {

  public Policy {
    Objects.requireNonNull(optOutMode, "optOutMode");
    Objects.requireNonNull(internalRecipient, "internalRecipient");
    if (minimumAge < 0) {
      throw new IllegalArgumentException("minimumAge must not be negative: " + minimumAge);
    }
    if (evidenceRetentionDays <= 0) {
      throw new IllegalArgumentException("evidenceRetentionDays must be positive: " + evidenceRetentionDays);
    }
    privateVisibilities = List.copyOf(privateVisibilities);
    excludedRecordTypes = List.copyOf(excludedRecordTypes);
    affiliateRulePurposes = List.copyOf(affiliateRulePurposes);
    affiliateProtectedGroups = List.copyOf(affiliateProtectedGroups);
    affiliateAllowedRecordTypes = copyOfLists(affiliateAllowedRecordTypes);
    effectiveDates = new TreeMap<>(effectiveDates);
    sensitiveCategories = List.copyOf(sensitiveCategories);
    dataOriginCutoff = java.util.Collections.unmodifiableMap(new TreeMap<>(dataOriginCutoff));
    regionGroups = copyOfLists(regionGroups);
    disabledRules = Set.copyOf(disabledRules);
  }

  /** The region group a country belongs to, or {@code OTHER}. */
  public String groupOf(String countryCode) {
    return regionGroups.entrySet().stream()
        .filter(e -> e.getValue().contains(countryCode))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(io.trainaudit.tables.Vocabulary.REGION_GROUP_OTHER);
  }

  public boolean isProtected(String group) {
    return affiliateProtectedGroups.contains(group);
  }

  public Optional<LocalDate> effectiveDate(String group) {
    return Optional.ofNullable(effectiveDates.get(group));
  }

  /** The day before which a group's members' records may not be used for generative training, if any. */
  public Optional<LocalDate> dataOriginCutoff(String group) {
    return Optional.ofNullable(dataOriginCutoff.get(group));
  }

  public boolean isEnabled(String ruleId) {
    return !disabledRules.contains(ruleId);
  }

  /** The same policy in the other opt-out mode. */
  public Policy withOptOutMode(OptOutMode mode) {
    return new Policy(mode, minimumAge, privateVisibilities, excludedRecordTypes, internalRecipient,
        affiliateRulePurposes, affiliateProtectedGroups, affiliateAllowedRecordTypes, effectiveDates,
        sensitiveCategories, dataOriginCutoff, regionGroups, disabledRules, evidenceRetentionDays,
        gateExcludeUnverifiable);
  }

  private static Map<String, List<String>> copyOfLists(Map<String, List<String>> map) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(copy);
  }
}
