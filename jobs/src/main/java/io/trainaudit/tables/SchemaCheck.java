package io.trainaudit.tables;

import io.trainaudit.Errors;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks that a table has every column its schema requires, each with a compatible type. An
 * optional column may be absent; present, its type is checked like any other.
 */
public final class SchemaCheck {
  private SchemaCheck() {}

  public static void check(TableSchema expected, TableLocation location, StructType actual) {
    for (ColumnSpec column : expected.columns()) {
      Optional<StructField> field =
          Arrays.stream(actual.fields()).filter(f -> f.name().equals(column.name())).findFirst();
      if (field.isEmpty() && column.optional()) {
        continue;
      }
      if (field.isEmpty()) {
        throw Errors.missingColumn(expected.name(), location.describe(), column.name(),
            column.type().describe());
      }
      if (!column.type().accepts(field.get().dataType())) {
        throw Errors.wrongType(expected.name(), location.describe(), column.name(), column.type().describe(),
            field.get().dataType());
      }
    }
  }
}
