package io.trainaudit.tables;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import io.trainaudit.spark.Seqs;
import org.apache.spark.sql.types.DataTypes;

/**
 * An input table split into the rows that can be audited, in the auditor's canonical types, and
 * the rows that cannot, each with its reason and the original row as JSON. Nothing is dropped:
 * every row read is in exactly one of the two.
 */
public final class ValidatedTable {
  private static final String REASON = "_quarantine_reason";
  /** The row as read, all its columns; turned into JSON only for the rows quarantined. */
  private static final String RAW_ROW = "_raw_row";
  /** A STRING timestamp: a day, or a day and a time to the minute, second or fraction, with an optional offset. */
  static final String ISO_TIMESTAMP =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?\\z";
  /** A STRING date: {@code YYYY-MM-DD} and nothing else. */
  static final String ISO_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}\\z";
  /** Empty, or only whitespace. */
  private static final String BLANK = "^\\s*\\z";
  private static final int SHOWN_CHARS = 200;

  private final InputTable table;
  private final Dataset<Row> checked;

  private ValidatedTable(InputTable table, Dataset<Row> checked) {
    this.table = table;
    this.checked = checked;
  }

  /**
   * Validates a table already checked by {@link SchemaCheck}. A key that must be unique and is
   * not ({@code uniqueKey}) makes every row holding it invalid: which one is right cannot be told.
   */
  public static ValidatedTable of(InputTable table, Dataset<Row> raw, Optional<String> uniqueKey) {
    // The row as read keeps only the columns read: an optional column the table lacks is not shown.
    Column[] rawColumns = Arrays.stream(raw.columns()).map(ValidatedTable::column).toArray(Column[]::new);
    Dataset<Row> completed = table.schema().withOptionalColumns(raw);
    Map<String, DataType> rawTypes = new java.util.HashMap<>();
    Arrays.stream(completed.schema().fields()).forEach(f -> rawTypes.put(f.name(), f.dataType()));

    List<Column> columns = new ArrayList<>();
    List<Column> reasons = new ArrayList<>();
    for (ColumnSpec spec : table.schema().columns()) {
      Column rawColumn = column(spec.name());
      DataType rawType = rawTypes.get(spec.name());
      Column converted = convert(rawColumn, rawType, spec.type());
      columns.add(converted.as(spec.name()));
      if (spec.required()) {
        reasons.add(when(rawColumn.isNull(), lit("null " + spec.name())));
        if (rawType.equals(DataTypes.StringType)) {
          reasons.add(when(rawColumn.rlike(BLANK), lit("blank " + spec.name())));
        }
      }
      reasons.add(when(rawColumn.isNotNull().and(converted.isNull()),
          concat(lit("unparsable " + spec.name() + ": '"), shown(rawColumn.cast(DataTypes.StringType)), lit("'"))));
    }
    columns.add(coalesce(reasons.toArray(Column[]::new)).as(REASON));
    columns.add(struct(rawColumns).as(RAW_ROW));
    Dataset<Row> converted = completed.select(columns.toArray(Column[]::new));
    List<Column> checkReasons = new ArrayList<>();
    checkReasons.add(col(REASON));
    for (RowCheck check : table.checks()) {
      checkReasons.add(when(check.violatedWhen(), lit(check.reason())));
    }
    Dataset<Row> checked = converted.withColumn(REASON, coalesce(checkReasons.toArray(Column[]::new)));
    if (uniqueKey.isPresent()) {
      String key = uniqueKey.get();
      Column copies = count(lit(1)).over(Window.partitionBy(col(key)));
      checked = checked.withColumn(REASON, coalesce(col(REASON), when(copies.gt(1), duplicateReason(key, copies))));
    }
    return new ValidatedTable(table, checked);
  }

  /**
   * A column of the raw table by its exact name, whatever characters it holds: Delta allows dots,
   * spaces and backticks in the names of the extra columns the contract says to ignore.
   */
  public static Column column(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  /** The same table restricted to rows meeting {@code condition} (on the canonical columns). */
  public ValidatedTable where(Column condition) {
    return new ValidatedTable(table, checked.where(condition));
  }

  /**
   * The same table with one more check, for what a {@link RowCheck} cannot see (e.g. a key another
   * table must hold): a row not yet invalid for which {@code violated} holds is invalid with {@code reason}.
   */
  public ValidatedTable alsoInvalid(Column violated, Column reason) {
    return new ValidatedTable(table, checked.withColumn(REASON, coalesce(col(REASON), when(violated, reason))));
  }

  /** The same table with its rows (all columns, checked) transformed, e.g. narrowed by a join. */
  public ValidatedTable transform(java.util.function.UnaryOperator<Dataset<Row>> change) {
    return new ValidatedTable(table, change.apply(checked));
  }

  /**
   * The same rows, checked, written once to {@code path} as Parquet and read back: a narrow scope
   * is then read by every later step instead of being recomputed from the whole table, and Spark
   * knows its real size when it plans joins with it.
   */
  public ValidatedTable staged(String path) {
    return new ValidatedTable(table, io.trainaudit.spark.Rows.staged(checked, path));
  }

  public InputTable table() {
    return table;
  }

  /** The rows that can be audited, with exactly the schema's columns in canonical types. */
  public Dataset<Row> valid() {
    return checked.where(col(REASON).isNull()).select(table.schema().columnNames().stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /** The rows that cannot, shaped as the quarantine table. */
  public Dataset<Row> quarantined(String runId) {
    return checked
        .where(col(REASON).isNotNull())
        .select(
            lit(table.tableName()).as(Quarantine.TABLE),
            col(REASON).as(Quarantine.REASON),
            to_json(col(RAW_ROW)).as(Quarantine.ROW_JSON),
            lit(runId).as(Quarantine.AUDIT_RUN_ID));
  }

  /** Whether a row is valid, as a column over the checked rows; for counting in one pass. */
  public Dataset<Row> checkedRows() {
    return checked;
  }

  public static Column isInvalid() {
    return col(REASON).isNotNull();
  }

  /** Why a checked row cannot be audited, or null; a column over {@link #checkedRows()}. */
  public static Column reason() {
    return col(REASON);
  }

  /** The original row, every column, as the quarantine keeps it; a column over {@link #checkedRows()}. */
  public static Column rowJson() {
    return to_json(col(RAW_ROW));
  }

  /**
   * The valid rows whose key is held by several rows, shaped as the quarantine table, with the
   * reason a duplicated key gives: {@code keys} has the key column and {@code copies}, the number
   * of rows holding it (invalid ones included).
   */
  public Dataset<Row> quarantinedDuplicates(String key, Dataset<Row> keys, String copies, String runId) {
    return checked
        .where(col(REASON).isNull())
        .join(keys, Seqs.of(key))
        .select(
            lit(table.tableName()).as(Quarantine.TABLE),
            duplicateReason(key, col(copies)).as(Quarantine.REASON),
            to_json(col(RAW_ROW)).as(Quarantine.ROW_JSON),
            lit(runId).as(Quarantine.AUDIT_RUN_ID));
  }

  private static Column duplicateReason(String key, Column copies) {
    return concat(lit("duplicate " + key + " ("), copies.cast(DataTypes.StringType),
        lit(" rows): which one holds cannot be told"));
  }

  /** A value as a reason quotes it: whole up to {@value #SHOWN_CHARS} characters, else cut with an ellipsis. */
  private static Column shown(Column value) {
    return when(length(value).leq(SHOWN_CHARS), value)
        .otherwise(concat(substring(value, 1, SHOWN_CHARS), lit("\u2026")));
  }

  private static Column convert(Column raw, DataType rawType, ColumnType target) {
    if (rawType.equals(target.canonical())) {
      return raw;
    }
    // Only the ISO 8601 forms the contract lists: Spark's own casts would also take '12:00:00' as today.
    return switch (target) {
      case TIMESTAMP -> rawType.equals(DataTypes.StringType)
          ? when(trim(raw).rlike(ISO_TIMESTAMP), to_timestamp(trim(raw)))
          : raw.cast(DataTypes.TimestampType);
      case DATE -> rawType.equals(DataTypes.StringType)
          ? when(trim(raw).rlike(ISO_DATE), to_date(trim(raw)))
          : to_date(raw);
      case BOOLEAN -> when(lower(trim(raw)).equalTo("true"), lit(true)).when(lower(trim(raw)).equalTo("false"), lit(false));
      case STRING -> raw.cast(DataTypes.StringType);
    };
  }
}
