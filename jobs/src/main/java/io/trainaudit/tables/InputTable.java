package io.trainaudit.tables;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The input tables of the contract, each with its schema and the checks a valid row passes: six
 * every audit reads, and {@code sensitive_contexts} and {@code model_trainings}, read only when the
 * configuration names them.
 */
public enum InputTable {
  TRAINING_SNAPSHOTS(TrainingSnapshots.SCHEMA, TrainingSnapshots::checks),
  RECORDS(Records.SCHEMA, Records::checks),
  RECORD_VISIBILITY(RecordVisibility.SCHEMA, RecordVisibility::checks),
  CONSENT_EVENTS(ConsentEvents.SCHEMA, ConsentEvents::checks),
  MEMBERS(Members.SCHEMA, Members::checks),
  MEMBER_REGIONS(MemberRegions.SCHEMA, MemberRegions::checks),
  SENSITIVE_CONTEXTS(SensitiveContexts.SCHEMA, SensitiveContexts::checks, true),
  MODEL_TRAININGS(ModelTrainings.SCHEMA, ModelTrainings::checks, true);

  private final TableSchema schema;
  private final Supplier<List<RowCheck>> checks;
  private final boolean optional;

  InputTable(TableSchema schema, Supplier<List<RowCheck>> checks) {
    this(schema, checks, false);
  }

  InputTable(TableSchema schema, Supplier<List<RowCheck>> checks, boolean optional) {
    this.schema = schema;
    this.checks = checks;
    this.optional = optional;
  }

  /** Whether a configuration may leave the table out; the promise it serves is then not checked. */
  public boolean optional() {
    return optional;
  }

  /** Whether the rules read the table: every one but the model lineage, which changes no finding. */
  public boolean judged() {
    return this != MODEL_TRAININGS;
  }

  /** The tables the rules read, in the contract's order. */
  public static List<InputTable> judgedTables() {
    return java.util.Arrays.stream(values()).filter(InputTable::judged).toList();
  }

  /** The tables every configuration names, in the contract's order. */
  public static List<InputTable> required() {
    return java.util.Arrays.stream(values()).filter(t -> !t.optional).toList();
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
