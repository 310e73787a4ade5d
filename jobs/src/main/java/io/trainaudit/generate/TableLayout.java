package io.trainaudit.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.timestamp_seconds;

import io.trainaudit.tables.ColumnSpec;
import io.trainaudit.tables.ColumnType;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.TableSchema;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How simulated rows reach Spark: the table's columns in schema order, timestamps as epoch
 * seconds and dates as epoch days (independent of the session's java8API setting), converted to
 * the contract's types by {@link #contractColumns()} when written. Every column is nullable so
 * that planted invalid rows can be written.
 */
final class TableLayout {
  /** The ground truth tables: the identity of each expected finding. */
  static final TableSchema GROUND_TRUTH_SCHEMA =
      TableSchema.of(
          "ground_truth",
          ColumnSpec.required(Findings.RULE_ID, ColumnType.STRING),
          ColumnSpec.required(Findings.SEVERITY, ColumnType.STRING),
          ColumnSpec.required(Findings.SNAPSHOT_ID, ColumnType.STRING),
          ColumnSpec.required(Findings.RECORD_ID, ColumnType.STRING));

  static final TableLayout GROUND_TRUTH = new TableLayout(GROUND_TRUTH_SCHEMA);

  private static final Map<InputTable, TableLayout> INPUTS = new EnumMap<>(InputTable.class);

  static {
    for (InputTable table : InputTable.values()) {
      INPUTS.put(table, new TableLayout(table.schema()));
    }
  }

  private final List<ColumnSpec> columns;
  private final Map<String, Integer> index = new HashMap<>();

  private TableLayout(TableSchema schema) {
    this.columns = schema.columns();
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i).name(), i);
    }
  }

  static TableLayout of(InputTable table) {
    return INPUTS.get(table);
  }

  /** One row from (column name, value) pairs naming every column once; timestamps as epoch seconds. */
  Object[] row(Object... namesAndValues) {
    if (namesAndValues.length != 2 * columns.size()) {
      throw new IllegalArgumentException("expected a value for each of " + index.keySet());
    }
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < namesAndValues.length; i += 2) {
      Integer at = index.get((String) namesAndValues[i]);
      if (at == null) {
        throw new IllegalArgumentException("no column " + namesAndValues[i] + " in " + index.keySet());
      }
      Object value = namesAndValues[i + 1];
      values[at] = value instanceof LocalDate date ? (Object) (int) date.toEpochDay() : value;
    }
    return values;
  }

  /** The schema of the rows {@link #row} builds. */
  StructType rawSchema() {
    return DataTypes.createStructType(
        columns.stream().map(c -> DataTypes.createStructField(c.name(), rawType(c.type()), true)).toArray(StructField[]::new));
  }

  /** The select list turning raw rows into the contract's column types, in schema order. */
  Column[] contractColumns() {
    return columns.stream().map(c -> toContractType(c).as(c.name())).toArray(Column[]::new);
  }

  private static Column toContractType(ColumnSpec column) {
    return switch (column.type()) {
      case TIMESTAMP -> timestamp_seconds(col(column.name()));
      case DATE -> date_from_unix_date(col(column.name()));
      case STRING, BOOLEAN -> col(column.name());
    };
  }

  private static DataType rawType(ColumnType type) {
    return switch (type) {
      case STRING -> DataTypes.StringType;
      case TIMESTAMP -> DataTypes.LongType;
      case DATE -> DataTypes.IntegerType;
      case BOOLEAN -> DataTypes.BooleanType;
    };
  }
}
