package io.trainaudit.tables;

import java.util.Objects;

/**
 * A required column of a table.
 *
 * @param name the column name
 * @param type the logical type
 * @param required whether a null makes the row unauditable (quarantined)
 */
public record ColumnSpec(String name, ColumnType type, boolean required) {
  public ColumnSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  public static ColumnSpec required(String name, ColumnType type) {
    return new ColumnSpec(name, type, true);
  }

  public static ColumnSpec nullable(String name, ColumnType type) {
    return new ColumnSpec(name, type, false);
  }
}
