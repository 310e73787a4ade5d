package io.trainaudit.notebooks;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigKey;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.TableLocation;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a notebook's parameter cell may set, as {@code SET trainaudit.<name> = <value>}: the
 * location of a table the audit reads or writes, named as under {@code tables:} and {@code output:}
 * in the config, or the member of the drill-down.
 */
public enum NotebookParameter {
  AUDIT_RUNS(ConfigKey.OUTPUT_AUDIT_RUNS, c -> c.output().auditRuns()),
  FINDINGS(ConfigKey.OUTPUT_FINDINGS, c -> c.output().findings()),
  QUARANTINE(ConfigKey.OUTPUT_QUARANTINE, c -> c.output().quarantine()),
  GATE_RUNS(ConfigKey.OUTPUT_GATE_RUNS, c -> c.output().gateRuns()),
  MODEL_IMPACT(ConfigKey.OUTPUT_MODEL_IMPACT, c -> c.output().modelImpact()),
  TRAINING_SNAPSHOTS(ConfigKey.TABLES_TRAINING_SNAPSHOTS, c -> c.location(InputTable.TRAINING_SNAPSHOTS)),
  RECORDS(ConfigKey.TABLES_RECORDS, c -> c.location(InputTable.RECORDS)),
  RECORD_VISIBILITY(ConfigKey.TABLES_RECORD_VISIBILITY, c -> c.location(InputTable.RECORD_VISIBILITY)),
  CONSENT_EVENTS(ConfigKey.TABLES_CONSENT_EVENTS, c -> c.location(InputTable.CONSENT_EVENTS)),
  MEMBERS(ConfigKey.TABLES_MEMBERS, c -> c.location(InputTable.MEMBERS)),
  MEMBER_REGIONS(ConfigKey.TABLES_MEMBER_REGIONS, c -> c.location(InputTable.MEMBER_REGIONS)),
  /** The member of {@code member_drilldown}: {@code --member-id}, or the default the executor picks. */
  MEMBER_ID(null, null);

  /** The prefix of every parameter's name in Spark SQL: {@code ${trainaudit.findings}}. */
  public static final String PREFIX = "trainaudit.";

  private final ConfigKey key;
  private final Function<AuditConfig, TableLocation> location;

  NotebookParameter(ConfigKey key, Function<AuditConfig, TableLocation> location) {
    this.key = key;
    this.location = location;
  }

  /** The name after {@code trainaudit.}: the table's key name in the config, or {@code member_id}. */
  public String parameterName() {
    return key == null ? "member_id" : key.keyName();
  }

  /** True for a table's location; false for the member. */
  public boolean isTable() {
    return location != null;
  }

  /** The configured location of the table this parameter names. */
  public TableLocation location(AuditConfig config) {
    if (location == null) {
      throw new IllegalStateException(this + " names no table");
    }
    return location.apply(config);
  }

  public static Optional<NotebookParameter> byName(String name) {
    return Arrays.stream(values()).filter(p -> p.parameterName().equals(name)).findFirst();
  }

  /** Every parameter's name, for messages. */
  public static List<String> names() {
    return Arrays.stream(values()).map(NotebookParameter::parameterName).toList();
  }
}
