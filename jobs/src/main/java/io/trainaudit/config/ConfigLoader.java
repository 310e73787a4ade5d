package io.trainaudit.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.trainaudit.AuditException;
import io.trainaudit.Errors;
import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.Policy;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.TableLocation;
import io.trainaudit.tables.Vocabulary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a YAML configuration into an {@link AuditConfig}. Every problem of the file is collected
 * and reported at once, each naming the file, the key and what was expected. Nothing here starts
 * Spark.
 */
public final class ConfigLoader {
  private final String fileName;
  private final Path baseDir;
  private final List<String> errors = new ArrayList<>();

  private ConfigLoader(String fileName, Path baseDir) {
    this.fileName = fileName;
    this.baseDir = baseDir;
  }

  /** Loads and validates a configuration file; relative paths resolve against its folder. */
  public static AuditConfig load(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute)) {
      throw Errors.configMissing(absolute);
    }
    String text;
    try {
      text = utf8(Files.readAllBytes(absolute), absolute);
    } catch (IOException e) {
      throw Errors.configUnreadable(absolute, e);
    }
    return new ConfigLoader(absolute.toString(), absolute.getParent()).parse(text, absolute);
  }

  /** The file's text, refused with the offset of its first byte that is not UTF-8. */
  private static String utf8(byte[] bytes, Path file) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw Errors.configNotUtf8(file, bytes[in.position()], in.position());
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  /** Validates YAML text as if it were a file in {@code baseDir}; for tests and generated configs. */
  public static AuditConfig fromYaml(String yaml, Path baseDir, String fileName) {
    return new ConfigLoader(fileName, baseDir.toAbsolutePath().normalize()).parse(yaml, null);
  }

  /** The configuration with every key at its default, relative to {@code baseDir}. */
  public static AuditConfig defaults(Path baseDir) {
    return fromYaml("{}", baseDir, "(defaults)");
  }

  private AuditConfig parse(String text, Path source) {
    JsonNode root = readTree(text);
    if (root == null || root.isNull() || root.isMissingNode()) {
      root = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
    if (!root.isObject()) {
      throw fail(List.of(fileName + ": expected a YAML mapping at the top level, got " + describe(root)));
    }
    checkKnownKeys(root);

    Map<String, String> spark = settings(value(root, ConfigKey.SPARK));
    Map<InputTable, TableLocation> tables = new EnumMap<>(InputTable.class);
    for (InputTable table : InputTable.values()) {
      ConfigKey key = ConfigKey.byPath("tables." + table.tableName()).orElseThrow();
      JsonNode node = value(root, key);
      if (!(table.optional() && node.isNull())) {
        tables.put(table, location(key, node));
      }
    }
    TableLocation findings = location(ConfigKey.OUTPUT_FINDINGS, value(root, ConfigKey.OUTPUT_FINDINGS));
    TableLocation auditRuns = location(ConfigKey.OUTPUT_AUDIT_RUNS, value(root, ConfigKey.OUTPUT_AUDIT_RUNS));
    TableLocation quarantine = location(ConfigKey.OUTPUT_QUARANTINE, value(root, ConfigKey.OUTPUT_QUARANTINE));
    TableLocation modelImpact = location(ConfigKey.OUTPUT_MODEL_IMPACT, value(root, ConfigKey.OUTPUT_MODEL_IMPACT));
    Path reports = path(ConfigKey.OUTPUT_REPORTS, value(root, ConfigKey.OUTPUT_REPORTS));
    String staging = directory(ConfigKey.OUTPUT_STAGING, value(root, ConfigKey.OUTPUT_STAGING));
    int leaseSeconds = wholeNumber(ConfigKey.OUTPUT_LEASE_SECONDS, value(root, ConfigKey.OUTPUT_LEASE_SECONDS), 10,
        Integer.MAX_VALUE);
    Path notebooks = optionalPath(ConfigKey.OUTPUT_NOTEBOOKS, value(root, ConfigKey.OUTPUT_NOTEBOOKS));
    TableLocation gateRuns = location(ConfigKey.OUTPUT_GATE_RUNS, value(root, ConfigKey.OUTPUT_GATE_RUNS));
    TableLocation exclusions = location(ConfigKey.OUTPUT_EXCLUSIONS, value(root, ConfigKey.OUTPUT_EXCLUSIONS));
    Path clearances = path(ConfigKey.OUTPUT_CLEARANCES, value(root, ConfigKey.OUTPUT_CLEARANCES));
    Policy policy = policy(root);
    AuditConfig.Export export = export(root);
    if (!errors.isEmpty()) {
      throw fail(errors);
    }
    return new AuditConfig(source, spark, tables,
        new AuditConfig.OutputLocations(findings, auditRuns, quarantine, reports, staging, leaseSeconds, notebooks,
            gateRuns, exclusions, clearances, modelImpact),
        policy,
        export);
  }

  private AuditConfig.Export export(JsonNode root) {
    int minCount = wholeNumber(ConfigKey.EXPORT_MIN_COUNT, value(root, ConfigKey.EXPORT_MIN_COUNT), 1, Integer.MAX_VALUE);
    AuditConfig.Export export = new AuditConfig.Export(
        minCount,
        text(ConfigKey.EXPORT_CONTROLLER_NAME, value(root, ConfigKey.EXPORT_CONTROLLER_NAME)),
        text(ConfigKey.EXPORT_DPO_CONTACT, value(root, ConfigKey.EXPORT_DPO_CONTACT)),
        text(ConfigKey.EXPORT_NOTICE_VERSION, value(root, ConfigKey.EXPORT_NOTICE_VERSION)),
        optionalDate(ConfigKey.EXPORT_NOTICE_EFFECTIVE_DATE, value(root, ConfigKey.EXPORT_NOTICE_EFFECTIVE_DATE)),
        text(ConfigKey.EXPORT_PURPOSE, value(root, ConfigKey.EXPORT_PURPOSE)),
        text(ConfigKey.EXPORT_LEGAL_BASIS, value(root, ConfigKey.EXPORT_LEGAL_BASIS)),
        text(ConfigKey.EXPORT_PROVIDER, value(root, ConfigKey.EXPORT_PROVIDER)),
        strings(ConfigKey.EXPORT_MODEL_IDENTIFIERS.path(), value(root, ConfigKey.EXPORT_MODEL_IDENTIFIERS)),
        file(ConfigKey.EXPORT_SIGNING_KEY, value(root, ConfigKey.EXPORT_SIGNING_KEY), false),
        file(ConfigKey.EXPORT_PSEUDONYM_KEY_FILE, value(root, ConfigKey.EXPORT_PSEUDONYM_KEY_FILE), true));
    return errors.isEmpty() ? export : null;
  }

  private String text(ConfigKey key, JsonNode node) {
    if (!node.isValueNode() || node.isNull()) {
      errors.add(error(key, node));
      return "";
    }
    return node.asText();
  }

  private LocalDate optionalDate(ConfigKey key, JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    try {
      return LocalDate.parse(node.asText());
    } catch (DateTimeParseException e) {
      errors.add(error(key, node));
      return null;
    }
  }

  private Path file(ConfigKey key, JsonNode node, boolean optional) {
    if (optional && node.isNull()) {
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      errors.add(error(key, node));
      return Path.of("");
    }
    return baseDir.resolve(node.asText().trim()).normalize();
  }

  private Policy policy(JsonNode root) {
    Map<String, List<String>> groups = groupDefinitions(value(root, ConfigKey.POLICY_REGION_GROUPS));
    Set<String> knownGroups = new LinkedHashSet<>(groups.keySet());
    knownGroups.add(Vocabulary.REGION_GROUP_OTHER);

    OptOutMode mode = optOutMode(value(root, ConfigKey.POLICY_OPT_OUT_MODE));
    int minimumAge = wholeNumber(ConfigKey.POLICY_MINIMUM_AGE, value(root, ConfigKey.POLICY_MINIMUM_AGE), 0, 150);
    List<String> privateVisibilities =
        members(ConfigKey.POLICY_PRIVATE_VISIBILITIES, value(root, ConfigKey.POLICY_PRIVATE_VISIBILITIES),
            Set.copyOf(Vocabulary.VISIBILITIES), "visibility");
    List<String> excludedTypes =
        strings(ConfigKey.POLICY_EXCLUDED_RECORD_TYPES.path(), value(root, ConfigKey.POLICY_EXCLUDED_RECORD_TYPES));
    String internalRecipient = string(ConfigKey.POLICY_INTERNAL_RECIPIENT, value(root, ConfigKey.POLICY_INTERNAL_RECIPIENT));
    List<String> purposes =
        members(ConfigKey.POLICY_AFFILIATE_RULE_PURPOSES, value(root, ConfigKey.POLICY_AFFILIATE_RULE_PURPOSES),
            Set.copyOf(Vocabulary.PURPOSES), "purpose");
    List<String> protectedGroups =
        members(ConfigKey.POLICY_AFFILIATE_PROTECTED_GROUPS, value(root, ConfigKey.POLICY_AFFILIATE_PROTECTED_GROUPS),
            knownGroups, "region group");
    Map<String, List<String>> allowed =
        groupToStrings(ConfigKey.POLICY_AFFILIATE_ALLOWED_RECORD_TYPES,
            value(root, ConfigKey.POLICY_AFFILIATE_ALLOWED_RECORD_TYPES), knownGroups);
    Map<String, LocalDate> dates =
        groupToDate(ConfigKey.POLICY_EFFECTIVE_DATES, value(root, ConfigKey.POLICY_EFFECTIVE_DATES), knownGroups);
    List<String> sensitiveCategories =
        strings(ConfigKey.POLICY_SENSITIVE_CATEGORIES.path(), value(root, ConfigKey.POLICY_SENSITIVE_CATEGORIES));
    Map<String, LocalDate> cutoff =
        groupToDate(ConfigKey.POLICY_DATA_ORIGIN_CUTOFF, value(root, ConfigKey.POLICY_DATA_ORIGIN_CUTOFF), knownGroups);
    List<String> disabled =
        members(ConfigKey.POLICY_DISABLED_RULES, value(root, ConfigKey.POLICY_DISABLED_RULES), RuleId.ids(), "rule");
    int retention =
        wholeNumber(ConfigKey.POLICY_EVIDENCE_RETENTION_DAYS, value(root, ConfigKey.POLICY_EVIDENCE_RETENTION_DAYS),
            1, Integer.MAX_VALUE);
    boolean gateExcludeUnverifiable = bool(ConfigKey.POLICY_GATE_EXCLUDE_UNVERIFIABLE,
        value(root, ConfigKey.POLICY_GATE_EXCLUDE_UNVERIFIABLE));
    if (!errors.isEmpty()) {
      return null;
    }
    return new Policy(mode, minimumAge, privateVisibilities, excludedTypes, internalRecipient, purposes,
        protectedGroups, allowed, dates, sensitiveCategories, cutoff, groups, Set.copyOf(disabled), retention,
        gateExcludeUnverifiable);
  }

  private void checkKnownKeys(JsonNode root) {
    List<String> sections = ConfigKey.sections();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String section = it.next();
      if (!sections.contains(section)) {
        errors.add(error(section, "unknown key; expected one of " + sections));
        continue;
      }
      JsonNode node = root.get(section);
      if (section.equals(ConfigKey.SPARK.path()) || node.isNull()) {
        continue;
      }
      if (!node.isObject()) {
        errors.add(error(section, "expected a mapping of keys, got " + describe(node)));
        continue;
      }
      List<String> names =
          java.util.Arrays.stream(ConfigKey.values()).filter(k -> k.section().equals(section)).map(ConfigKey::keyName).toList();
      for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
        String name = keys.next();
        if (!names.contains(name)) {
          errors.add(error(section + "." + name, "unknown key; expected one of " + names));
        }
      }
    }
  }

  /** The user's value of a key, or its default when the key is absent. */
  private JsonNode value(JsonNode root, ConfigKey key) {
    JsonNode node =
        key.section().equals(key.path()) ? root.get(key.path()) : root.path(key.section()).get(key.keyName());
    return node == null ? readTree(key.defaultYaml()) : node;
  }

  private Map<String, String> settings(JsonNode node) {
    Map<String, String> settings = new TreeMap<>();
    if (node.isNull()) {
      return settings;
    }
    if (!node.isObject()) {
      errors.add(error(ConfigKey.SPARK, node));
      return settings;
    }
    flatten("", node, settings);
    return settings;
  }

  private void flatten(String prefix, JsonNode node, Map<String, String> into) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = prefix + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        flatten(name + ".", value, into);
      } else if (value.isValueNode() && !value.isNull()) {
        into.put(name.startsWith("spark.") ? name : "spark." + name, value.asText());
      } else {
        errors.add(error("spark." + name, "expected a scalar Spark setting, got " + describe(value)));
      }
    }
  }

  private TableLocation location(ConfigKey key, JsonNode node) {
    if (!node.isTextual() || node.asText().isBlank()) {
      errors.add(error(key, node));
      return null;
    }
    String text = node.asText().trim();
    if (text.startsWith(TableLocation.CATALOG_PREFIX)) {
      String name = text.substring(TableLocation.CATALOG_PREFIX.length());
      if (!TableLocation.CATALOG_NAME.matcher(name).matches()) {
        errors.add(error(key.path(), "expected a plain table identifier after catalog: (letters, digits, underscores,"
            + " dots), got '" + name + "'"));
        return null;
      }
      return new TableLocation.CatalogTable(name);
    }
    TableLocation.PathLocation location = new TableLocation.PathLocation(text);
    return location.isLocal() ? TableLocation.PathLocation.local(baseDir.resolve(text.replaceFirst("^file:", ""))) : location;
  }

  private Path path(ConfigKey key, JsonNode node) {
    if (!node.isTextual() || node.asText().isBlank()) {
      errors.add(error(key, node));
      return null;
    }
    return baseDir.resolve(node.asText().trim()).normalize();
  }

  private Path optionalPath(ConfigKey key, JsonNode node) {
    return node.isNull() ? null : path(key, node);
  }

  private String directory(ConfigKey key, JsonNode node) {
    TableLocation location = location(key, node);
    if (location instanceof TableLocation.CatalogTable) {
      errors.add(error(key.path(), "expected " + key.shape().expected() + ", not a catalog table"));
      return null;
    }
    return location == null ? null : location.display();
  }

  private String string(ConfigKey key, JsonNode node) {
    if (!node.isTextual() || node.asText().isBlank()) {
      errors.add(error(key, node));
      return null;
    }
    return node.asText();
  }

  private int wholeNumber(ConfigKey key, JsonNode node, int min, int max) {
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
      errors.add(error(key, node));
      return min;
    }
    return node.asInt();
  }

  private boolean bool(ConfigKey key, JsonNode node) {
    if (!node.isBoolean()) {
      errors.add(error(key, node));
      return true;
    }
    return node.asBoolean();
  }

  private OptOutMode optOutMode(JsonNode node) {
    return node.isTextual()
        ? OptOutMode.fromConfigValue(node.asText()).orElseGet(() -> {
          errors.add(error(ConfigKey.POLICY_OPT_OUT_MODE, node));
          return OptOutMode.USE_TIME;
        })
        : invalid(ConfigKey.POLICY_OPT_OUT_MODE, node, OptOutMode.USE_TIME);
  }

  private List<String> strings(String keyPath, JsonNode node) {
    if (!node.isArray()) {
      errors.add(error(keyPath, "expected a list of strings, got " + describe(node)));
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (JsonNode element : node) {
      if (!element.isTextual() || element.asText().isBlank()) {
        errors.add(error(keyPath, "expected a list of strings, but an element is " + describe(element)));
      } else {
        values.add(element.asText());
      }
    }
    return values;
  }

  private List<String> members(ConfigKey key, JsonNode node, Set<String> known, String what) {
    List<String> values = strings(key.path(), node);
    for (String value : values) {
      if (!known.contains(value)) {
        errors.add(error(key.path(), "unknown " + what + " '" + value + "'; expected one of " + new java.util.TreeSet<>(known)));
      }
    }
    return values;
  }

  private Map<String, List<String>> groupDefinitions(JsonNode node) {
    ConfigKey key = ConfigKey.POLICY_REGION_GROUPS;
    Map<String, List<String>> groups = new LinkedHashMap<>();
    if (!node.isObject()) {
      errors.add(error(key, node));
      return groups;
    }
    Map<String, String> groupOfCountry = new TreeMap<>();
    node.fields().forEachRemaining(field -> {
      String group = field.getKey();
      String keyPath = key.path() + "." + group;
      if (group.equals(Vocabulary.REGION_GROUP_OTHER)) {
        errors.add(error(keyPath, "OTHER is reserved for countries in no group"));
      }
      List<String> countries = strings(keyPath, field.getValue());
      for (String country : countries) {
        if (!country.matches("[A-Z]{2}")) {
          errors.add(error(keyPath, "expected ISO 3166-1 alpha-2 country codes, got '" + country + "'"));
        } else if (groupOfCountry.containsKey(country)) {
          errors.add(error(keyPath, "country " + country + " is already in group " + groupOfCountry.get(country)));
        } else {
          groupOfCountry.put(country, group);
        }
      }
      groups.put(group, countries);
    });
    return groups;
  }

  private Map<String, List<String>> groupToStrings(ConfigKey key, JsonNode node, Set<String> knownGroups) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    if (!node.isObject()) {
      errors.add(error(key, node));
      return map;
    }
    node.fields().forEachRemaining(field -> {
      checkGroup(key, field.getKey(), knownGroups);
      map.put(field.getKey(), strings(key.path() + "." + field.getKey(), field.getValue()));
    });
    return map;
  }

  private Map<String, LocalDate> groupToDate(ConfigKey key, JsonNode node, Set<String> knownGroups) {
    Map<String, LocalDate> map = new TreeMap<>();
    if (!node.isObject()) {
      errors.add(error(key, node));
      return map;
    }
    node.fields().forEachRemaining(field -> {
      String keyPath = key.path() + "." + field.getKey();
      checkGroup(key, field.getKey(), knownGroups);
      JsonNode value = field.getValue();
      try {
        map.put(field.getKey(), LocalDate.parse(value.asText()));
      } catch (DateTimeParseException e) {
        errors.add(error(keyPath, "expected a date (YYYY-MM-DD), got " + describe(value)));
      }
    });
    return map;
  }

  private void checkGroup(ConfigKey key, String group, Set<String> knownGroups) {
    if (!knownGroups.contains(group)) {
      errors.add(error(key.path() + "." + group, "unknown region group '" + group + "'; expected one of "
          + new java.util.TreeSet<>(knownGroups) + " (as defined by policy.region_groups)"));
    }
  }

  private <T> T invalid(ConfigKey key, JsonNode node, T fallback) {
    errors.add(error(key, node));
    return fallback;
  }

  private String error(ConfigKey key, JsonNode actual) {
    return error(key.path(), "expected " + key.shape().expected() + ", got " + describe(actual));
  }

  private String error(String keyPath, String problem) {
    return fileName + ": " + keyPath + ": " + problem;
  }

  private JsonNode readTree(String text) {
    try {
      return YamlTree.read(text, (keyPath, problem) -> errors.add(error(keyPath, problem)));
    } catch (YAMLException e) {
      throw Errors.configNotYaml(fileName, e);
    }
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "nothing";
    }
    JsonNodeType type = node.getNodeType();
    return switch (type) {
      case STRING -> "'" + node.asText() + "'";
      case OBJECT -> "a mapping";
      case ARRAY -> "a list";
      default -> type.name().toLowerCase(java.util.Locale.ROOT) + " " + node;
    };
  }

  private AuditException fail(List<String> problems) {
    return Errors.configProblems(fileName, problems);
  }
}
