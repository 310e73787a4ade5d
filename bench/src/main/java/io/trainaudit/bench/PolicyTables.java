package io.trainaudit.bench;

import static io.trainaudit.tables.ColumnSpec.required;

import io.trainaudit.rules.Policy;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.ColumnSpec;
import io.trainaudit.tables.ColumnType;
import io.trainaudit.tables.TableSchema;
import io.trainaudit.tables.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The policy as the baselines' SQL reads it: its lists and maps as small tables, its single values
 * as named parameters. Nothing from the policy is ever spliced into SQL text.
 */
final class PolicyTables {
  static final String COUNTRY_CODE = "country_code";
  static final String REGION_GROUP = "region_group";
  static final String RECORD_TYPE = "record_type";
  static final String EFFECTIVE_DATE = "effective_date";
  static final String VISIBILITY = "visibility";
  static final String PURPOSE = "purpose";
  static final String RULE_ID = "rule_id";
  static final String SEVERITY = "severity";
  static final String CATEGORY = "category";
  static final String CUTOFF_DATE = "cutoff_date";

  /** Parameter names of the policy's single values (and of the contract's name for "no group"). */
  static final String INTERNAL_RECIPIENT = "internal_recipient";
  static final String MINIMUM_AGE = "minimum_age";
  static final String OPT_OUT_MODE = "opt_out_mode";
  static final String OTHER_GROUP = "other_group";

  static final String DISABLED_RULES_MESSAGE = "the baselines evaluate every rule; policy.disabled_rules must be empty";

  private PolicyTables() {}

  /** Fails unless every rule is enabled: the baselines have no notion of a disabled rule. */
  static void requireEveryRule(Policy policy) {
    if (!policy.disabledRules().isEmpty()) {
      throw new IllegalArgumentException(DISABLED_RULES_MESSAGE);
    }
  }

  /** The policy's lists and maps, one table each. */
  static List<SmallTable> of(Policy policy) {
    List<List<Object>> regionGroups = new ArrayList<>();
    policy.regionGroups().forEach((group, countries) -> countries.forEach(c -> regionGroups.add(List.of(c, group))));
    List<List<Object>> allowedTypes = new ArrayList<>();
    policy.affiliateAllowedRecordTypes()
        .forEach((group, types) -> types.forEach(t -> allowedTypes.add(List.of(group, t))));
    List<List<Object>> effectiveDates = new ArrayList<>();
    policy.effectiveDates().forEach((group, date) -> effectiveDates.add(List.of(group, date)));
    List<List<Object>> cutoffs = new ArrayList<>();
    policy.dataOriginCutoff().forEach((group, date) -> cutoffs.add(List.of(group, date)));
    return List.of(
        table("policy_region_group", regionGroups, COUNTRY_CODE, REGION_GROUP),
        column("policy_protected_group", REGION_GROUP, policy.affiliateProtectedGroups()),
        table("policy_allowed_type", allowedTypes, REGION_GROUP, RECORD_TYPE),
        new SmallTable(
            TableSchema.of("policy_effective_date", required(REGION_GROUP, ColumnType.STRING),
                required(EFFECTIVE_DATE, ColumnType.DATE)),
            effectiveDates),
        column("policy_private_visibility", VISIBILITY, policy.privateVisibilities()),
        column("policy_excluded_type", RECORD_TYPE, policy.excludedRecordTypes()),
        column("policy_affiliate_purpose", PURPOSE, policy.affiliateRulePurposes()),
        column("policy_sensitive_category", CATEGORY, policy.sensitiveCategories()),
        new SmallTable(
            TableSchema.of("policy_data_origin_cutoff", required(REGION_GROUP, ColumnType.STRING),
                required(CUTOFF_DATE, ColumnType.DATE)),
            cutoffs));
  }

  /** The policy's single values, by parameter name. */
  static Map<String, Object> scalars(Policy policy) {
    Map<String, Object> scalars = new LinkedHashMap<>();
    scalars.put(INTERNAL_RECIPIENT, policy.internalRecipient());
    scalars.put(MINIMUM_AGE, policy.minimumAge());
    scalars.put(OPT_OUT_MODE, policy.optOutMode().configValue());
    scalars.put(OTHER_GROUP, Vocabulary.REGION_GROUP_OTHER);
    return scalars;
  }

  /** Each rule's severity as written in findings. */
  static SmallTable ruleSeverities() {
    List<List<Object>> rows =
        Arrays.stream(RuleId.values()).map(r -> List.<Object>of(r.name(), r.severity().value())).toList();
    return table("rule_severity", rows, RULE_ID, SEVERITY);
  }

  private static SmallTable column(String name, String column, List<String> values) {
    return table(name, new LinkedHashSet<>(values).stream().map(v -> List.<Object>of(v)).toList(), column);
  }

  private static SmallTable table(String name, List<List<Object>> rows, String... columns) {
    return new SmallTable(
        TableSchema.of(name,
            Arrays.stream(columns).map(c -> required(c, ColumnType.STRING)).toArray(ColumnSpec[]::new)),
        rows);
  }
}
