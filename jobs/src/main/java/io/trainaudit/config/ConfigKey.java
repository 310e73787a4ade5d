package io.trainaudit.config;

import io.trainaudit.rules.OptOutMode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every key of the configuration file: its dotted path, the shape of value it takes, its
 * default (as YAML, read through the same parser as the user's value) and a help line.
 */
public enum ConfigKey {
  SPARK("spark", Shape.SETTINGS, "{master: 'local[*]'}", "Spark settings passed to the session; master defaults to local[*]."),

  TABLES_TRAINING_SNAPSHOTS("tables.training_snapshots", Shape.LOCATION, "data/training_snapshots", "The audited table: what entered training."),
  TABLES_RECORDS("tables.records", Shape.LOCATION, "data/records", "Every piece of member data, with its lifecycle."),
  TABLES_RECORD_VISIBILITY("tables.record_visibility", Shape.LOCATION, "data/record_visibility", "History of each record's visibility."),
  TABLES_CONSENT_EVENTS("tables.consent_events", Shape.LOCATION, "data/consent_events", "History of every consent choice."),
  TABLES_MEMBERS("tables.members", Shape.LOCATION, "data/members", "Birth dates and account closures."),
  TABLES_MEMBER_REGIONS("tables.member_regions", Shape.LOCATION, "data/member_regions", "History of each member's country."),
  TABLES_SENSITIVE_CONTEXTS("tables.sensitive_contexts", Shape.OPTIONAL_LOCATION, "null",
      "History of groups, pages and events flagged as special-category (GDPR Art. 9); nothing: the sensitive-context"
          + " promise is not checked, and reports say so."),
  TABLES_MODEL_TRAININGS("tables.model_trainings", Shape.OPTIONAL_LOCATION, "null",
      "Which model version was trained on which snapshot (model lineage); nothing: output.model_impact stays empty"
          + " and reports, notebooks and exports say no model lineage is configured."),

  OUTPUT_FINDINGS("output.findings", Shape.LOCATION, "out/findings", "Delta table of findings."),
  OUTPUT_AUDIT_RUNS("output.audit_runs", Shape.LOCATION, "out/audit_runs", "Delta table with one row per run."),
  OUTPUT_QUARANTINE("output.quarantine", Shape.LOCATION, "out/quarantine", "Delta table of input rows that could not be audited."),
  OUTPUT_MODEL_IMPACT("output.model_impact", Shape.LOCATION, "out/model_impact",
      "Delta table of each run's model impact: per model version, rule and severity, the open findings of the"
          + " snapshots it was trained on; a run appends its rows under its run_id."),
  OUTPUT_REPORTS("output.reports", Shape.PATH, "out/reports", "Plain directory for summary.json and reports, one folder per run."),
  OUTPUT_STAGING("output.staging", Shape.DIRECTORY, "out/staging",
      "Scratch directory (path or URI) for a run's intermediate results; a run's folder is removed when it ends."),
  OUTPUT_LEASE_SECONDS("output.lease_seconds", Shape.SECONDS, "300",
      "How long a run's lease on the output tables lasts unless renewed; a run renews it every third of that. A run"
          + " that died on another host is rolled back by the first run after its lease expired."),
  OUTPUT_NOTEBOOKS("output.notebooks", Shape.OPTIONAL_PATH, "null",
      "Directory where each successful run executes the notebooks, into <run id>/; nothing: runs do not execute them."),
  OUTPUT_GATE_RUNS("output.gate_runs", Shape.LOCATION, "out/gate_runs",
      "Delta table with one row per pre-training gate run (bin/audit gate); never written by the audit."),
  OUTPUT_EXCLUSIONS("output.exclusions", Shape.LOCATION, "out/exclusions",
      "Delta table of the training rows each gated snapshot must leave out, for the training pipeline's anti-join."),
  OUTPUT_CLEARANCES("output.clearances", Shape.PATH, "out/clearances",
      "Plain directory of the signed clearances of gated snapshots, one folder per snapshot."),

  POLICY_OPT_OUT_MODE("policy.opt_out_mode", Shape.OPT_OUT_MODE, "use_time",
      "use_time: an opt-out in force at capture excludes all the member's records; collection_time: only records collected since it began."),
  POLICY_MINIMUM_AGE("policy.minimum_age", Shape.AGE, "18", "Members younger than this, in whole years, are excluded."),
  POLICY_PRIVATE_VISIBILITIES("policy.private_visibilities", Shape.VISIBILITY_LIST, "[private, hidden]",
      "Visibilities whose content is private and excluded."),
  POLICY_EXCLUDED_RECORD_TYPES("policy.excluded_record_types", Shape.STRING_LIST,
      "[private_message, login_credential, payment, salary, job_application]", "Record types never used for training."),
  POLICY_INTERNAL_RECIPIENT("policy.internal_recipient", Shape.STRING, "internal",
      "The recipient value meaning the platform itself; any other recipient is an affiliate."),
  POLICY_AFFILIATE_RULE_PURPOSES("policy.affiliate_rule_purposes", Shape.PURPOSE_LIST, "[generative]",
      "Purposes for which sharing protected members' data with an affiliate is forbidden."),
  POLICY_AFFILIATE_PROTECTED_GROUPS("policy.affiliate_protected_groups", Shape.GROUP_LIST, "[EU, EEA, CH, UK]",
      "Region groups whose members' data is not shared with affiliates."),
  POLICY_AFFILIATE_ALLOWED_RECORD_TYPES("policy.affiliate_allowed_record_types", Shape.GROUP_TO_STRINGS, "{}",
      "Per protected group, record types that may still be shared with affiliates."),
  POLICY_EFFECTIVE_DATES("policy.effective_dates", Shape.GROUP_TO_DATE,
      "{EU: 2025-11-03, EEA: 2025-11-03, CH: 2025-11-03, UK: 2025-11-03, CA: 2025-11-03, HK: 2025-11-03, US: 2024-09-18}",
      "Per region group, the day (00:00 UTC) from which its members' data may be used for generative training."),
  POLICY_SENSITIVE_CATEGORIES("policy.sensitive_categories", Shape.STRING_LIST,
      "[trade_union, health, religion, political, sexual_orientation, ethnicity, biometric, genetic, sex_life,"
          + " philosophical_belief]",
      "Categories of sensitive_contexts (GDPR Art. 9 special categories) whose flagged contexts' content is excluded."),
  POLICY_DATA_ORIGIN_CUTOFF("policy.data_origin_cutoff", Shape.GROUP_TO_DATE, "{}",
      "Per region group, the day (00:00 UTC) before which its members' records were collected too early to be used"
          + " for generative training; a group without a day: no cutoff."),
  POLICY_REGION_GROUPS("policy.region_groups", Shape.GROUP_DEFINITIONS,
      "{EU: [AT, BE, BG, HR, CY, CZ, DK, EE, FI, FR, DE, GR, HU, IE, IT, LV, LT, LU, MT, NL, PL, PT, RO, SK, SI, ES, SE],"
          + " EEA: [IS, LI, NO], CH: [CH], UK: [GB], CA: [CA], HK: [HK], US: [US]}",
      "Region groups by ISO 3166-1 alpha-2 country code; a country in no group is in group OTHER."),
  POLICY_DISABLED_RULES("policy.disabled_rules", Shape.RULE_LIST, "[]",
      "Rules not evaluated; each run records them, and reports name them."),
  POLICY_EVIDENCE_RETENTION_DAYS("policy.evidence_retention_days", Shape.DAYS, "2555",
      "How long input versions must stay readable for a past run to be reproduced."),
  POLICY_GATE_EXCLUDE_UNVERIFIABLE("policy.gate_exclude_unverifiable", Shape.BOOLEAN, "true",
      "The gate excludes rows with an unverifiable finding too, and clears a snapshot only without them; false:"
          + " only violations and invalid rows are excluded."),

  EXPORT_MIN_COUNT("export.min_count", Shape.MIN_COUNT, "10",
      "In public regulator evidence, counts below this are suppressed, with the counts that would give them back."),
  EXPORT_CONTROLLER_NAME("export.controller_name", Shape.TEXT, "''", "The data controller named in regulator evidence."),
  EXPORT_DPO_CONTACT("export.dpo_contact", Shape.TEXT, "''", "How to reach the controller's data protection officer."),
  EXPORT_NOTICE_VERSION("export.notice_version", Shape.TEXT, "''", "The version of the privacy notice in force."),
  EXPORT_NOTICE_EFFECTIVE_DATE("export.notice_effective_date", Shape.OPTIONAL_DATE, "null",
      "The day the privacy notice took effect."),
  EXPORT_PURPOSE("export.purpose", Shape.TEXT, "''", "The purpose of the training, as the controller states it."),
  EXPORT_LEGAL_BASIS("export.legal_basis", Shape.TEXT, "''", "The legal basis of the training, as the controller states it."),
  EXPORT_PROVIDER("export.provider", Shape.TEXT, "''", "The AI model provider named in the training-content summary."),
  EXPORT_MODEL_IDENTIFIERS("export.model_identifiers", Shape.STRING_LIST, "[]",
      "No longer read: the training-content summary names the versioned models of tables.model_trainings (kept so"
          + " that older configurations load)."),
  EXPORT_SIGNING_KEY("export.signing_key", Shape.FILE, "keys/evidence-signing-key.pem",
      "Ed25519 private key (PKCS#8 PEM) that signs evidence and the gate's clearances, public key beside it"
          + " (.pub.pem); created by 'keys init'."),
  EXPORT_PSEUDONYM_KEY_FILE("export.pseudonym_key_file", Shape.OPTIONAL_FILE, "null",
      "File holding the pseudonymisation key (64+ hex digits); if unset, a confidential export needs --pseudonym-key-out.");

  /** The kinds of value a key takes; each names what a valid value looks like. */
  public enum Shape {
    SETTINGS("a map of Spark settings to scalar values"),
    LOCATION("a path or catalog:NAME"),
    OPTIONAL_LOCATION("a path or catalog:NAME, or nothing"),
    PATH("a directory path"),
    OPTIONAL_PATH("a directory path, or nothing"),
    DIRECTORY("a directory path or URI"),
    STRING("a non-empty string"),
    AGE("a whole number of years between 0 and 150"),
    DAYS("a positive whole number of days"),
    SECONDS("a whole number of seconds, at least 10"),
    OPT_OUT_MODE("one of " + OptOutMode.configValues()),
    STRING_LIST("a list of strings"),
    VISIBILITY_LIST("a list of visibilities (public, connections, private, hidden)"),
    PURPOSE_LIST("a list of purposes (generative, non_generative)"),
    GROUP_LIST("a list of region group names"),
    RULE_LIST("a list of rule ids"),
    GROUP_TO_STRINGS("a map from region group to a list of strings"),
    GROUP_TO_DATE("a map from region group to a date (YYYY-MM-DD)"),
    GROUP_DEFINITIONS("a map from region group to a list of ISO 3166-1 alpha-2 country codes"),
    MIN_COUNT("a whole number, at least 1"),
    BOOLEAN("true or false"),
    TEXT("a string (may be empty)"),
    OPTIONAL_DATE("a date (YYYY-MM-DD), or nothing"),
    FILE("a file path"),
    OPTIONAL_FILE("a file path, or nothing");

    private final String expected;

    Shape(String expected) {
      this.expected = expected;
    }

    public String expected() {
      return expected;
    }
  }

  private final String path;
  private final Shape shape;
  private final String defaultYaml;
  private final String help;

  ConfigKey(String path, Shape shape, String defaultYaml, String help) {
    this.path = path;
    this.shape = shape;
    this.defaultYaml = defaultYaml;
    this.help = help;
  }

  public String path() {
    return path;
  }

  public Shape shape() {
    return shape;
  }

  public String defaultYaml() {
    return defaultYaml;
  }

  public String help() {
    return help;
  }

  /** The top-level section the key lives in, e.g. {@code policy}. */
  public String section() {
    int dot = path.indexOf('.');
    return dot < 0 ? path : path.substring(0, dot);
  }

  /** The key's name within its section, e.g. {@code opt_out_mode}. */
  public String keyName() {
    int dot = path.indexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  public static Optional<ConfigKey> byPath(String path) {
    return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst();
  }

  public static List<String> sections() {
    return Arrays.stream(values()).map(ConfigKey::section).distinct().toList();
  }
}
