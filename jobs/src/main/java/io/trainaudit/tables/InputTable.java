package io.trainaudit.tables;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The six input tables of the contract, each with its schema and the checks a valid row passes. */
public enum InputTable {
  TRAINING_SNAPSHOTS(TrainingSnapshots.SCHEMA, TrainingSnapshots::checks),
  RECORDS(Records.SCHEMA, Records::checks),
  RECORD_VISIBILITY(RecordVisibility.SCHEMA, RecordVisibility::checks),
  CONSENT_EVENTS(ConsentEvents.SCHEMA, ConsentEvents::checks),
  MEMBERS(Members.SCHEMA, Members::checks),
  MEMBER_REGIONS(MemberRegions.SCHEMA, MemberRegions::checks);

  private final TableSchema schema;
  private final Supplier<List<RowCheck>> checks;

  InputTable(TableSchema schema, Supplier<List<RowCheck>> checks) {
    this.schema = schema;
    this.checks = checks;
  }

  /** The table's name in the contract, which is also its key under {@code tables:} in the config. */
  public String tableName() {
    return schema.name();
  }

  public TableSchema schema() {
    return schema;
  }

  /** Vocabulary and format checks beyond null keys and unparsable values. */
  public List<RowCheck> checks() {
    return checks.get();
  }

  public static InputTable fromName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
