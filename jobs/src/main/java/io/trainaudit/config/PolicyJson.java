package io.trainaudit.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trainaudit.Errors;
import io.trainaudit.rules.Policy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The policy as canonical JSON (keys sorted, dates as ISO strings), and its SHA-256: the policy hash. */
public final class PolicyJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private PolicyJson() {}

  /** The policy under its config key names, as a map that serialises canonically. */
  public static Map<String, Object> asMap(Policy policy) {
    Map<String, Object> map = new TreeMap<>();
    map.put(ConfigKey.POLICY_OPT_OUT_MODE.keyName(), policy.optOutMode().configValue());
    map.put(ConfigKey.POLICY_MINIMUM_AGE.keyName(), policy.minimumAge());
    map.put(ConfigKey.POLICY_PRIVATE_VISIBILITIES.keyName(), policy.privateVisibilities());
    map.put(ConfigKey.POLICY_EXCLUDED_RECORD_TYPES.keyName(), policy.excludedRecordTypes());
    map.put(ConfigKey.POLICY_INTERNAL_RECIPIENT.keyName(), policy.internalRecipient());
    map.put(ConfigKey.POLICY_AFFILIATE_RULE_PURPOSES.keyName(), policy.affiliateRulePurposes());
    map.put(ConfigKey.POLICY_AFFILIATE_PROTECTED_GROUPS.keyName(), policy.affiliateProtectedGroups());
    map.put(ConfigKey.POLICY_AFFILIATE_ALLOWED_RECORD_TYPES.keyName(), policy.affiliateAllowedRecordTypes());
    map.put(ConfigKey.POLICY_EFFECTIVE_DATES.keyName(), isoDates(policy.effectiveDates()));
    map.put(ConfigKey.POLICY_SENSITIVE_CATEGORIES.keyName(), policy.sensitiveCategories());
    map.put(ConfigKey.POLICY_DATA_ORIGIN_CUTOFF.keyName(), isoDates(policy.dataOriginCutoff()));
    map.put(ConfigKey.POLICY_REGION_GROUPS.keyName(), policy.regionGroups());
    map.put(ConfigKey.POLICY_DISABLED_RULES.keyName(), new TreeSet<>(policy.disabledRules()));
    map.put(ConfigKey.POLICY_EVIDENCE_RETENTION_DAYS.keyName(), policy.evidenceRetentionDays());
    map.put(ConfigKey.POLICY_GATE_EXCLUDE_UNVERIFIABLE.keyName(), policy.gateExcludeUnverifiable());
    return map;
  }

  /**
   * The policy keys (as {@code policy.minimum_age}) whose values differ between two policies, among
   * those that decide what a rule finds: not {@code policy.evidence_retention_days} nor
   * {@code policy.gate_exclude_unverifiable}, which decide what is kept and what the gate does with
   * the findings.
   */
  public static List<String> judgingKeysChanged(Policy before, Policy after) {
    Map<String, Object> was = asMap(before);
    Map<String, Object> is = asMap(after);
    Set<String> notJudging = Set.of(ConfigKey.POLICY_EVIDENCE_RETENTION_DAYS.keyName(),
        ConfigKey.POLICY_GATE_EXCLUDE_UNVERIFIABLE.keyName());
    return is.keySet().stream()
        .filter(key -> !notJudging.contains(key) && !Objects.equals(was.get(key), is.get(key)))
        .map(key -> ConfigKey.POLICY_OPT_OUT_MODE.section() + "." + key)
        .toList();
  }

  private static Map<String, String> isoDates(Map<String, java.time.LocalDate> byGroup) {
    Map<String, String> dates = new LinkedHashMap<>();
    byGroup.forEach((group, date) -> dates.put(group, date.toString()));
    return dates;
  }

  /**
   * A policy as a run recorded it (its canonical JSON is valid configuration YAML); keys added to
   * the contract since take their defaults.
   */
  public static Policy parse(String json) {
    return ConfigLoader.fromYaml("{\"policy\": " + json + "}", java.nio.file.Path.of("."), "the recorded policy").policy();
  }

  public static String json(Policy policy) {
    try {
      return MAPPER.writeValueAsString(asMap(policy));
    } catch (JsonProcessingException e) {
      throw Errors.policyNotSerialisable(e);
    }
  }

  /** Lowercase hex SHA-256 of the canonical JSON. */
  public static String hash(Policy policy) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(json(policy).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw Errors.noAlgorithm("hash the policy", e);
    }
  }
}
