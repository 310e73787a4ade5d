package io.trainaudit.bench;

import io.trainaudit.tables.TableSchema;
import java.util.List;
import java.util.Objects;

/**
 * A small table handed to a SQL engine as data (the policy's lists and maps, the rule severities):
 * its name and columns, and its rows in column order. Dates are {@link java.time.LocalDate}.
 */
record SmallTable(TableSchema schema, List<List<Object>> rows) {
  SmallTable {
    Objects.requireNonNull(schema, "schema");
    rows = List.copyOf(rows);
  }

  String name() {
    return schema.name();
  }
}
