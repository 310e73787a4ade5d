package io.trainaudit.tables;

import java.util.Objects;

/**
 * A column of a table.
 *
 * @param name the column name
 * @param type the logical type
 * @param required whether a null makes the row unauditable (quarantined)
 * @param optional whether the table may lack the column altogether: then it is null in every row
 *     (older tables written before the contract added it)
 */
public record ColumnSpec(String name, ColumnType type, boolean required, boolean optional) {
  public ColumnSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (required && optional) {
      throw new IllegalArgumentException("column " + name + " cannot be both required and optional");
    }
  }

  public static ColumnSpec required(String name, ColumnType type) {
    return new ColumnSpec(name, type, true, false);
  }

  public static ColumnSpec nullable(String name, ColumnType type) {
    return new ColumnSpec(name, type, false, false);
  }

  /** A nullable column that older tables lack: absent, it is null in every row; present, it is type-checked. */
  public static ColumnSpec optional(String name, ColumnType type) {
    return new ColumnSpec(name, type, false, true);
  }
}
