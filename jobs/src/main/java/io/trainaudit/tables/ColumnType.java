package io.trainaudit.tables;

import java.util.Set;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The logical type a column must have, and the physical Spark types accepted for it. A string
 * column holding timestamps, dates or booleans is accepted: values that do not parse are
 * quarantined, row by row, rather than failing the whole table.
 */
public enum ColumnType {
  STRING(DataTypes.StringType, Set.of(DataTypes.StringType)),
  TIMESTAMP(
      DataTypes.TimestampType,
      Set.of(DataTypes.TimestampType, DataTypes.TimestampNTZType, DataTypes.DateType, DataTypes.StringType)),
  DATE(DataTypes.DateType, Set.of(DataTypes.DateType, DataTypes.TimestampType, DataTypes.StringType)),
  BOOLEAN(DataTypes.BooleanType, Set.of(DataTypes.BooleanType, DataTypes.StringType));

  private final DataType canonical;
  private final Set<DataType> accepted;

  ColumnType(DataType canonical, Set<DataType> accepted) {
    this.canonical = canonical;
    this.accepted = accepted;
  }

  /** The Spark type the auditor works with once the column is read. */
  public DataType canonical() {
    return canonical;
  }

  public boolean accepts(DataType actual) {
    return accepted.contains(actual);
  }

  /** How the expected type reads in an error message. */
  public String describe() {
    return canonical.sql() + (accepted.size() > 1 ? " (or a compatible " + acceptedSql() + ")" : "");
  }

  private String acceptedSql() {
    return String.join("/", accepted.stream().filter(t -> !t.equals(canonical)).map(DataType::sql).sorted().toList());
  }
}
