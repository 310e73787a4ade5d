package io.trainaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.Policy;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.TableLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins every configuration key, its default, its validation and its error message. */
class ConfigLoaderTest {
  private static final Path BASE = Path.of("/srv/audit");

  @Test
  void everyKeyIsPinnedWithItsShapeAndDefault() {
    Map<String, String> expected = new java.util.LinkedHashMap<>();
    expected.put("spark", "SETTINGS {master: 'local[*]'}");
    expected.put("tables.training_snapshots", "LOCATION data/training_snapshots");
    expected.put("tables.records", "LOCATION data/records");
    expected.put("tables.record_visibility", "LOCATION data/record_visibility");
    expected.put("tables.consent_events", "LOCATION data/consent_events");
    expected.put("tables.members", "LOCATION data/members");
    expected.put("tables.member_regions", "LOCATION data/member_regions");
    expected.put("tables.sensitive_contexts", "OPTIONAL_LOCATION null");
    expected.put("tables.model_trainings", "OPTIONAL_LOCATION null");
    expected.put("output.findings", "LOCATION out/findings");
    expected.put("output.audit_runs", "LOCATION out/audit_runs");
    expected.put("output.quarantine", "LOCATION out/quarantine");
    expected.put("output.model_impact", "LOCATION out/model_impact");
    expected.put("output.reports", "PATH out/reports");
    expected.put("output.staging", "DIRECTORY out/staging");
    expected.put("output.lease_seconds", "SECONDS 300");
    expected.put("output.notebooks", "OPTIONAL_PATH null");
    expected.put("output.gate_runs", "LOCATION out/gate_runs");
    expected.put("output.exclusions", "LOCATION out/exclusions");
    expected.put("output.clearances", "PATH out/clearances");
    expected.put("policy.opt_out_mode", "OPT_OUT_MODE use_time");
    expected.put("policy.minimum_age", "AGE 18");
    expected.put("policy.private_visibilities", "VISIBILITY_LIST [private, hidden]");
    expected.put("policy.excluded_record_types",
        "STRING_LIST [private_message, login_credential, payment, salary, job_application]");
    expected.put("policy.internal_recipient", "STRING internal");
    expected.put("policy.affiliate_rule_purposes", "PURPOSE_LIST [generative]");
    expected.put("policy.affiliate_protected_groups", "GROUP_LIST [EU, EEA, CH, UK]");
    expected.put("policy.affiliate_allowed_record_types", "GROUP_TO_STRINGS {}");
    expected.put("policy.effective_dates", "GROUP_TO_DATE {EU: 2025-11-03, EEA: 2025-11-03, CH: 2025-11-03,"
        + " UK: 2025-11-03, CA: 2025-11-03, HK: 2025-11-03, US: 2024-09-18}");
    expected.put("policy.sensitive_categories", "STRING_LIST [trade_union, health, religion, political,"
        + " sexual_orientation, ethnicity, biometric, genetic, sex_life, philosophical_belief]");
    expected.put("policy.data_origin_cutoff", "GROUP_TO_DATE {}");
    expected.put("policy.region_groups", "GROUP_DEFINITIONS {EU: [AT, BE, BG, HR, CY, CZ, DK, EE, FI, FR, DE, GR,"
        + " HU, IE, IT, LV, LT, LU, MT, NL, PL, PT, RO, SK, SI, ES, SE], EEA: [IS, LI, NO], CH: [CH], UK: [GB],"
        + " CA: [CA], HK: [HK], US: [US]}");
    expected.put("policy.disabled_rules", "RULE_LIST []");
    expected.put("policy.evidence_retention_days", "DAYS 2555");
    expected.put("policy.gate_exclude_unverifiable", "BOOLEAN true");
    expected.put("export.min_count", "MIN_COUNT 10");
    expected.put("export.controller_name", "TEXT ''");
    expected.put("export.dpo_contact", "TEXT ''");
    expected.put("export.notice_version", "TEXT ''");
    expected.put("export.notice_effective_date", "OPTIONAL_DATE null");
    expected.put("export.purpose", "TEXT ''");
    expected.put("export.legal_basis", "TEXT ''");
    expected.put("export.provider", "TEXT ''");
    expected.put("export.model_identifiers", "STRING_LIST []");
    expected.put("export.signing_key", "FILE keys/evidence-signing-key.pem");
    expected.put("export.pseudonym_key_file", "OPTIONAL_FILE null");
    Map<String, String> actual = Arrays.stream(ConfigKey.values()).collect(Collectors.toMap(
        ConfigKey::path, k -> k.shape() + " " + k.defaultYaml(), (a, b) -> a, java.util.LinkedHashMap::new));
    assertEquals(expected, actual);
    assertTrue(Arrays.stream(ConfigKey.values()).noneMatch(k -> k.help().isBlank()));
  }

  @Test
  void defaultsAreTheContractsAndPathsResolveAgainstTheConfigFolder() {
    AuditConfig config = ConfigLoader.defaults(BASE);
    assertEquals("local[*]", config.sparkMaster());
    assertEquals(Map.of("spark.master", "local[*]"), config.spark());
    assertEquals(InputTable.required(), config.inputTables());
    for (InputTable table : config.inputTables()) {
      assertEquals(new TableLocation.PathLocation("/srv/audit/data/" + table.tableName()), config.location(table));
    }
    assertEquals(false, config.has(InputTable.SENSITIVE_CONTEXTS), "the optional table is not read unless named");
    assertEquals(false, config.has(InputTable.MODEL_TRAININGS), "no model lineage unless named");
    assertEquals(new TableLocation.PathLocation("/srv/audit/out/model_impact"), config.output().modelImpact());
    assertEquals(new TableLocation.PathLocation("/srv/audit/out/findings"), config.output().findings());
    assertEquals(new TableLocation.PathLocation("/srv/audit/out/audit_runs"), config.output().auditRuns());
    assertEquals(new TableLocation.PathLocation("/srv/audit/out/quarantine"), config.output().quarantine());
    assertEquals(Path.of("/srv/audit/out/reports"), config.output().reports());
    assertEquals("/srv/audit/out/staging", config.output().staging());
    assertEquals(null, config.output().notebooks(), "runs execute no notebook unless output.notebooks is set");
    assertEquals(new TableLocation.PathLocation("/srv/audit/out/gate_runs"), config.output().gateRuns());
    assertEquals(new TableLocation.PathLocation("/srv/audit/out/exclusions"), config.output().exclusions());
    assertEquals(Path.of("/srv/audit/out/clearances"), config.output().clearances());

    Policy policy = config.policy();
    assertEquals(OptOutMode.USE_TIME, policy.optOutMode());
    assertEquals(18, policy.minimumAge());
    assertEquals(List.of("private", "hidden"), policy.privateVisibilities());
    assertEquals(List.of("private_message", "login_credential", "payment", "salary", "job_application"),
        policy.excludedRecordTypes());
    assertEquals("internal", policy.internalRecipient());
    assertEquals(List.of("generative"), policy.affiliateRulePurposes());
    assertEquals(List.of("EU", "EEA", "CH", "UK"), policy.affiliateProtectedGroups());
    assertEquals(Map.of(), policy.affiliateAllowedRecordTypes());
    LocalDate eu = LocalDate.of(2025, 11, 3);
    assertEquals(Map.of("EU", eu, "EEA", eu, "CH", eu, "UK", eu, "CA", eu, "HK", eu, "US", LocalDate.of(2024, 9, 18)),
        policy.effectiveDates());
    assertEquals(List.of("trade_union", "health", "religion", "political", "sexual_orientation", "ethnicity",
        "biometric", "genetic", "sex_life", "philosophical_belief"), policy.sensitiveCategories());
    assertEquals(Map.of(), policy.dataOriginCutoff(), "no cutoff unless configured");
    assertEquals(java.util.Optional.empty(), policy.dataOriginCutoff("EU"));
    assertEquals(List.of("EU", "EEA", "CH", "UK", "CA", "HK", "US"), List.copyOf(policy.regionGroups().keySet()));
    assertEquals(List.of("IS", "LI", "NO"), policy.regionGroups().get("EEA"));
    assertEquals(27, policy.regionGroups().get("EU").size());
    assertEquals(Set.of(), policy.disabledRules());
    assertEquals(2555, policy.evidenceRetentionDays());
    assertEquals(true, policy.gateExcludeUnverifiable());
    assertEquals("EEA", policy.groupOf("NO"));
    assertEquals("OTHER", policy.groupOf("BR"));
    assertEquals(new AuditConfig.Export(10, "", "", "", null, "", "", "", List.of(),
        Path.of("/srv/audit/keys/evidence-signing-key.pem"), null), config.export());
  }

  @Test
  void readsTheExportSettings() {
    AuditConfig config = ConfigLoader.fromYaml(String.join("\n",
        "export:",
        "  min_count: 5",
        "  controller_name: Example Networks Ltd",
        "  notice_version: 3",
        "  notice_effective_date: 2025-11-03",
        "  model_identifiers: [gen-2025-11]",
        "  signing_key: /etc/audit/sign.pem",
        "  pseudonym_key_file: secrets/pseudonym.hex"), BASE, "f.yaml");
    assertEquals(new AuditConfig.Export(5, "Example Networks Ltd", "", "3", LocalDate.of(2025, 11, 3), "", "", "",
        List.of("gen-2025-11"), Path.of("/etc/audit/sign.pem"), Path.of("/srv/audit/secrets/pseudonym.hex")),
        config.export());
    AuditException e = assertThrows(AuditException.class, () -> ConfigLoader.fromYaml(
        "export: {min_count: 0, notice_effective_date: soon}", BASE, "f.yaml"));
    assertEquals("Cannot load configuration f.yaml: 2 problem(s)\n"
        + "  f.yaml: export.min_count: expected a whole number, at least 1, got number 0\n"
        + "  f.yaml: export.notice_effective_date: expected a date (YYYY-MM-DD), or nothing, got 'soon'", e.getMessage());
  }

  @Test
  void readsEveryKeyFromAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("audit.yaml");
    Files.writeString(file, String.join("\n",
        "spark:",
        "  master: local[2]",
        "  sql.shuffle.partitions: 4",
        "  spark.executor.memory: 2g",
        "  sql:",
        "    adaptive.enabled: true",
        "tables:",
        "  training_snapshots: catalog:ml.training_snapshots",
        "  records: s3a://bucket/records",
        "  record_visibility: ../shared/record_visibility",
        "output:",
        "  reports: /var/reports",
        "  notebooks: notebooks",
        "policy:",
        "  opt_out_mode: collection_time",
        "  minimum_age: 16",
        "  affiliate_allowed_record_types: {UK: [post, comment, article]}",
        "  effective_dates: {EU: 2025-11-03, UK: 2025-12-01}",
        "  sensitive_categories: [trade_union, health]",
        "  data_origin_cutoff: {EU: 2024-07-01, UK: 2025-01-01}",
        "  disabled_rules: [MEMBER_MISMATCH, SENSITIVE_CONTEXT]",
        "  evidence_retention_days: 3650",
        ""));
    AuditConfig config = ConfigLoader.load(file);
    assertEquals(file, config.source());
    assertEquals(Map.of("spark.master", "local[2]", "spark.sql.shuffle.partitions", "4",
        "spark.executor.memory", "2g", "spark.sql.adaptive.enabled", "true"), config.spark());
    assertEquals(new TableLocation.CatalogTable("ml.training_snapshots"), config.location(InputTable.TRAINING_SNAPSHOTS));
    assertEquals(new TableLocation.PathLocation("s3a://bucket/records"), config.location(InputTable.RECORDS));
    assertEquals(TableLocation.PathLocation.local(dir.resolve("../shared/record_visibility")),
        config.location(InputTable.RECORD_VISIBILITY));
    assertEquals(Path.of("/var/reports"), config.output().reports());
    assertEquals(dir.toAbsolutePath().normalize().resolve("notebooks"), config.output().notebooks());
    Policy policy = config.policy();
    assertEquals(OptOutMode.COLLECTION_TIME, policy.optOutMode());
    assertEquals(16, policy.minimumAge());
    assertEquals(Map.of("UK", List.of("post", "comment", "article")), policy.affiliateAllowedRecordTypes());
    assertEquals(Map.of("EU", LocalDate.of(2025, 11, 3), "UK", LocalDate.of(2025, 12, 1)), policy.effectiveDates());
    assertEquals(List.of("trade_union", "health"), policy.sensitiveCategories());
    assertEquals(Map.of("EU", LocalDate.of(2024, 7, 1), "UK", LocalDate.of(2025, 1, 1)), policy.dataOriginCutoff());
    assertEquals(java.util.Optional.of(LocalDate.of(2024, 7, 1)), policy.dataOriginCutoff("EU"));
    assertEquals(Set.of("MEMBER_MISMATCH", "SENSITIVE_CONTEXT"), policy.disabledRules());
    assertEquals(3650, policy.evidenceRetentionDays());
  }

  @Test
  void theModelTrainingsTableIsReadOnlyWhenNamed() {
    AuditConfig config = ConfigLoader.fromYaml("tables: {model_trainings: data/lineage}\n", BASE, "f.yaml");
    assertEquals(true, config.has(InputTable.MODEL_TRAININGS));
    assertEquals(new TableLocation.PathLocation("/srv/audit/data/lineage"),
        config.location(InputTable.MODEL_TRAININGS));
    assertEquals(InputTable.MODEL_TRAININGS, config.inputTables().get(config.inputTables().size() - 1));
  }

  @Test
  void theSensitiveContextsTableIsReadOnlyWhenNamed() {
    AuditConfig config = ConfigLoader.fromYaml("tables: {sensitive_contexts: data/flags}\n", BASE, "f.yaml");
    assertEquals(List.of(InputTable.TRAINING_SNAPSHOTS, InputTable.RECORDS, InputTable.RECORD_VISIBILITY,
        InputTable.CONSENT_EVENTS, InputTable.MEMBERS, InputTable.MEMBER_REGIONS, InputTable.SENSITIVE_CONTEXTS),
        config.inputTables());
    assertEquals(new TableLocation.PathLocation("/srv/audit/data/flags"), config.location(InputTable.SENSITIVE_CONTEXTS));
    assertEquals(InputTable.required(),
        ConfigLoader.fromYaml("tables: {sensitive_contexts: null}\n", BASE, "f.yaml").inputTables());
    IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
        () -> ConfigLoader.defaults(BASE).location(InputTable.SENSITIVE_CONTEXTS));
    assertEquals("table sensitive_contexts is not configured (tables.sensitive_contexts)", absent.getMessage());
    assertProblems("tables: {sensitive_contexts: '', records: null}\n",
        "f.yaml: tables.records: expected a path or catalog:NAME, got nothing",
        "f.yaml: tables.sensitive_contexts: expected a path or catalog:NAME, or nothing, got ''");
  }

  @Test
  void anUnknownKeyIsNamedWithTheKeysExpected() {
    assertProblems("polcy: {}\noutput: {findngs: x}\n",
        "f.yaml: polcy: unknown key; expected one of [spark, tables, output, policy, export]",
        "f.yaml: output.findngs: unknown key; expected one of [findings, audit_runs, quarantine, model_impact,"
            + " reports, staging, lease_seconds, notebooks, gate_runs, exclusions, clearances]");
  }

  @Test
  void aWrongTypeNamesTheKeyAndWhatWasExpected() {
    assertProblems("policy: {minimum_age: eighteen, private_visibilities: private, opt_out_mode: later}\n",
        "f.yaml: policy.opt_out_mode: expected one of [use_time, collection_time], got 'later'",
        "f.yaml: policy.minimum_age: expected a whole number of years between 0 and 150, got 'eighteen'",
        "f.yaml: policy.private_visibilities: expected a list of strings, got 'private'");
  }

  @Test
  void anUnknownGroupOrRuleIsNamed() {
    assertProblems("policy: {affiliate_protected_groups: [EU, ASIA], effective_dates: {MARS: 2030-01-01},"
            + " disabled_rules: [UNDERAGE]}\n",
        "f.yaml: policy.affiliate_protected_groups: unknown region group 'ASIA'; expected one of"
            + " [CA, CH, EEA, EU, HK, OTHER, UK, US]",
        "f.yaml: policy.effective_dates.MARS: unknown region group 'MARS'; expected one of"
            + " [CA, CH, EEA, EU, HK, OTHER, UK, US] (as defined by policy.region_groups)",
        "f.yaml: policy.disabled_rules: unknown rule 'UNDERAGE'; expected one of [AFFILIATE_SHARE_PROTECTED,"
            + " AGE_UNKNOWN, BEFORE_EFFECTIVE_DATE, DATA_ORIGIN_CUTOFF, DELETED_DATA, MEMBER_MISMATCH,"
            + " OBJECTION_NON_GENERATIVE, OPT_OUT_GENERATIVE, PRIVATE_CONTENT, RECORD_UNKNOWN, REGION_UNKNOWN,"
            + " SENSITIVE_CONTEXT, UNDER_AGE, VISIBILITY_UNKNOWN]");
  }

  @Test
  void theCutoffIsValidatedLikeTheEffectiveDatesAndTheCategoriesAreStrings() {
    assertProblems("policy: {data_origin_cutoff: {MARS: 2024-01-01, EU: 2024-02-30, UK: [2025-01-01]},"
            + " sensitive_categories: [health, '', 7]}\n",
        "f.yaml: policy.sensitive_categories: expected a list of strings, but an element is ''",
        "f.yaml: policy.sensitive_categories: expected a list of strings, but an element is number 7",
        "f.yaml: policy.data_origin_cutoff.MARS: unknown region group 'MARS'; expected one of"
            + " [CA, CH, EEA, EU, HK, OTHER, UK, US] (as defined by policy.region_groups)",
        "f.yaml: policy.data_origin_cutoff.EU: expected a date (YYYY-MM-DD), got '2024-02-30'",
        "f.yaml: policy.data_origin_cutoff.UK: expected a date (YYYY-MM-DD), got a list");
    assertProblems("policy: {data_origin_cutoff: [EU]}\n",
        "f.yaml: policy.data_origin_cutoff: expected a map from region group to a date (YYYY-MM-DD), got a list");
  }

  @Test
  void theNotebooksFolderIsADirectoryPathOrNothing() {
    assertEquals(null, ConfigLoader.fromYaml("output: {notebooks: null}\n", BASE, "f.yaml").output().notebooks());
    assertEquals(Path.of("/srv/audit/out/notebooks"),
        ConfigLoader.fromYaml("output: {notebooks: out/notebooks}\n", BASE, "f.yaml").output().notebooks());
    assertProblems("output: {notebooks: [a]}\n",
        "f.yaml: output.notebooks: expected a directory path, or nothing, got a list");
  }

  @Test
  void theGateKeysReadTheirLocationsAndABooleanOnly() {
    AuditConfig config = ConfigLoader.fromYaml("output: {gate_runs: catalog:ml.gate_runs, exclusions: s3a://b/excl,"
        + " clearances: /var/clearances}\npolicy: {gate_exclude_unverifiable: false}\n", BASE, "f.yaml");
    assertEquals(new TableLocation.CatalogTable("ml.gate_runs"), config.output().gateRuns());
    assertEquals(new TableLocation.PathLocation("s3a://b/excl"), config.output().exclusions());
    assertEquals(Path.of("/var/clearances"), config.output().clearances());
    assertEquals(false, config.policy().gateExcludeUnverifiable());
    assertTrue(PolicyJson.json(config.policy()).contains("\"gate_exclude_unverifiable\":false"));
    assertProblems("output: {clearances: [a], exclusions: ''}\npolicy: {gate_exclude_unverifiable: no}\n",
        "f.yaml: output.exclusions: expected a path or catalog:NAME, got ''",
        "f.yaml: output.clearances: expected a directory path, got a list",
        "f.yaml: policy.gate_exclude_unverifiable: expected true or false, got 'no'");
  }

  @Test
  void thePolicyKeysThatChangeWhatRulesFindAreNamedNotThoseOfRetentionOrTheGate() {
    Policy before = PolicyJson.parse(PolicyJson.json(
        ConfigLoader.fromYaml("policy: {minimum_age: 18}\n", BASE, "f.yaml").policy()));
    Policy after = ConfigLoader.fromYaml("policy: {minimum_age: 16, data_origin_cutoff: {EU: 2020-01-01},"
        + " evidence_retention_days: 3650, gate_exclude_unverifiable: false}\n", BASE, "f.yaml").policy();
    assertEquals(List.of("policy.data_origin_cutoff", "policy.minimum_age"),
        PolicyJson.judgingKeysChanged(before, after));
    Policy operational = ConfigLoader.fromYaml("policy: {evidence_retention_days: 3650, gate_exclude_unverifiable:"
        + " false}\n", BASE, "f.yaml").policy();
    assertEquals(List.of(), PolicyJson.judgingKeysChanged(before, operational));
  }

  @Test
  void anUnparsableDateIsNamed() {
    assertProblems("policy: {effective_dates: {EU: 2025-13-03}}\n",
        "f.yaml: policy.effective_dates.EU: expected a date (YYYY-MM-DD), got '2025-13-03'");
  }

  @Test
  void aMissingTableLocationIsNamed() {
    assertProblems("tables: {records: , members: catalog:bad name}\n",
        "f.yaml: tables.records: expected a path or catalog:NAME, got nothing",
        "f.yaml: tables.members: expected a plain table identifier after catalog: (letters, digits, underscores,"
            + " dots), got 'bad name'");
  }

  @Test
  void norwayStaysACountryAndACountryLivesInOneGroup() {
    AuditConfig config = ConfigLoader.fromYaml("policy: {region_groups: {NORDIC: [NO, SE], EU: [DE]},"
        + " affiliate_protected_groups: [EU], effective_dates: {}}\n", BASE, "f.yaml");
    assertEquals(List.of("NO", "SE"), config.policy().regionGroups().get("NORDIC"));
    assertProblems("policy: {region_groups: {NORDIC: [NO, SE], EU: [SE, DE]}, affiliate_protected_groups: [EU],"
            + " effective_dates: {}}\n",
        "f.yaml: policy.region_groups.EU: country SE is already in group NORDIC");
  }

  @Test
  void allProblemsOfAFileAreReportedAtOnceBeforeSparkStarts() {
    AuditException e = assertThrows(AuditException.class,
        () -> ConfigLoader.fromYaml("policy: {minimum_age: -1}\nfoo: 1\n", BASE, "f.yaml"));
    assertEquals(ErrorCode.CONFIG, e.code());
    assertEquals("Cannot load configuration f.yaml: 2 problem(s)\n"
        + "  f.yaml: foo: unknown key; expected one of [spark, tables, output, policy, export]\n"
        + "  f.yaml: policy.minimum_age: expected a whole number of years between 0 and 150, got number -1",
        e.getMessage());
  }

  @Test
  void aMissingFileAndInvalidYamlAreClearErrors(@TempDir Path dir) throws IOException {
    AuditException missing = assertThrows(AuditException.class, () -> ConfigLoader.load(dir.resolve("nope.yaml")));
    assertEquals("Cannot read configuration: no such file " + dir.resolve("nope.yaml"), missing.getMessage());
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "policy: [unclosed\n");
    AuditException invalid = assertThrows(AuditException.class, () -> ConfigLoader.load(broken));
    assertTrue(invalid.getMessage().startsWith("Cannot read configuration " + broken + ": not valid YAML:"),
        invalid.getMessage());
  }

  @Test
  void hostileShapesAreProblemsListedWithTheirKeysNeverCrashes() {
    assertProblems("~: x\noutput: {findings: '', reports: [a], ~: y, lease_seconds: 5}\n"
            + "policy: {internal_recipient: {a: 1}, region_groups: {EU: [~]}, affiliate_protected_groups: [EU],"
            + " effective_dates: {}}\n",
        "f.yaml: ~: a key must be a name, got nothing",
        "f.yaml: output.~: a key must be a name, got nothing",
        "f.yaml: output.findings: expected a path or catalog:NAME, got ''",
        "f.yaml: output.reports: expected a directory path, got a list",
        "f.yaml: output.lease_seconds: expected a whole number of seconds, at least 10, got number 5",
        "f.yaml: policy.region_groups.EU: expected a list of strings, but an element is nothing",
        "f.yaml: policy.internal_recipient: expected a non-empty string, got a mapping");
  }

  @Test
  void aRecursiveAliasIsAProblemNotAStackOverflow() {
    assertProblems("policy: {excluded_record_types: &types [post, *types]}\n",
        "f.yaml: policy.excluded_record_types[1]: a YAML alias refers to a collection that contains it"
            + " (recursive alias)",
        "f.yaml: policy.excluded_record_types: expected a list of strings, but an element is nothing");
  }

  @Test
  void aFileThatIsNotUtf8IsNamedWithTheOffendingByte(@TempDir Path dir) throws IOException {
    Path latin1 = Files.write(dir.resolve("latin1.yaml"),
        "export: {controller_name: 'Soci\u00e9t\u00e9'}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    AuditException e = assertThrows(AuditException.class, () -> ConfigLoader.load(latin1));
    assertEquals(ErrorCode.CONFIG, e.code());
    assertEquals("Cannot read configuration " + latin1 + ": not UTF-8 text (byte 0xE9 at offset 31)", e.getMessage());
  }

  @Test
  void thePolicyHashIsStableAndChangesWithThePolicy() {
    Policy defaults = ConfigLoader.defaults(BASE).policy();
    assertEquals(PolicyJson.hash(defaults), PolicyJson.hash(ConfigLoader.defaults(Path.of("/elsewhere")).policy()));
    assertTrue(!PolicyJson.hash(defaults).equals(PolicyJson.hash(defaults.withOptOutMode(OptOutMode.COLLECTION_TIME))));
    assertEquals(64, PolicyJson.hash(defaults).length());
    Policy cutoff = ConfigLoader.fromYaml("policy: {data_origin_cutoff: {EU: 2024-07-01}}\n", BASE, "f.yaml").policy();
    assertTrue(!PolicyJson.hash(defaults).equals(PolicyJson.hash(cutoff)));
    assertTrue(PolicyJson.json(cutoff).contains("\"data_origin_cutoff\":{\"EU\":\"2024-07-01\"}"), PolicyJson.json(cutoff));
    assertTrue(PolicyJson.json(defaults).contains("\"sensitive_categories\":[\"trade_union\",\"health\","),
        PolicyJson.json(defaults));
  }

  private static void assertProblems(String yaml, String... problems) {
    AuditException e = assertThrows(AuditException.class, () -> ConfigLoader.fromYaml(yaml, BASE, "f.yaml"));
    assertEquals(ErrorCode.CONFIG, e.code());
    List<String> lines = e.getMessage().lines().skip(1).map(String::strip).toList();
    assertEquals(List.of(problems), lines);
  }
}
