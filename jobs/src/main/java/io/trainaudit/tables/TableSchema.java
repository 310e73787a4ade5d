package io.trainaudit.tables;

import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The columns a table must have: its name in the contract and its column specs, in order. */
public record TableSchema(String name, List<ColumnSpec> columns) {
  public TableSchema {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
  }

  public static TableSchema of(String name, ColumnSpec... columns) {
    return new TableSchema(name, List.of(columns));
  }

  public Optional<ColumnSpec> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  /**
   * The raw rows of a table with each optional column they lack added, null in every row, so that
   * a table written before the contract added the column reads as one whose rows all leave it empty.
   */
  public Dataset<Row> withOptionalColumns(Dataset<Row> raw) {
    Dataset<Row> completed = raw;
    for (ColumnSpec column : columns) {
      if (column.optional() && Arrays.stream(raw.columns()).noneMatch(column.name()::equals)) {
        completed = completed.withColumn(column.name(), lit(null).cast(column.type().canonical()));
      }
    }
    return completed;
  }

  /** The schema in the auditor's own types, as the generator writes it and fixtures build it. */
  public StructType sparkSchema() {
    return DataTypes.createStructType(
        columns.stream()
            .map(c -> DataTypes.createStructField(c.name(), c.type().canonical(), !c.required()))
            .toArray(StructField[]::new));
  }
}
