package io.trainaudit.audit;

import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.TableLocation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Creating and appending to the auditor's own Delta tables, by path or catalog name. */
public final class OutputTables {
  private OutputTables() {}

  /**
   * Creates the table empty with the given schema unless it exists; adds the columns a table
   * written by an earlier version of the auditor lacks (existing rows read them as null).
   */
  public static void ensure(SparkSession spark, TableLocation location, StructType schema) {
    ensure(spark, location, schema, Map.of());
  }

  /**
   * As {@link #ensure(SparkSession, TableLocation, StructType)}, the table also given the
   * properties: at its creation, or by one metadata commit when an existing table lacks them.
   */
  public static void ensure(SparkSession spark, TableLocation location, StructType schema,
      Map<String, String> properties) {
    if (!DeltaTables.exists(spark, location)) {
      DeltaTables.createEmpty(spark, location, schema, properties);
      return;
    }
    Set<String> present = Set.copyOf(DeltaTables.columnNames(spark, location));
    if (!present.containsAll(List.of(schema.fieldNames()))) {
      append(spark.createDataFrame(List.of(), DeltaTables.nullable(schema)), location);
    }
    if (!properties.isEmpty()) {
      Map<String, String> set = DeltaTables.properties(spark, location);
      if (!properties.entrySet().stream().allMatch(p -> p.getValue().equals(set.get(p.getKey())))) {
        DeltaTables.setProperties(spark, location, properties);
      }
    }
  }

  /** Appends rows in one atomic Delta commit; new columns are added to the table's schema. */
  public static void append(Dataset<Row> rows, TableLocation location) {
    var writer = rows.write().format("delta").mode(SaveMode.Append).option("mergeSchema", "true");
    if (location instanceof TableLocation.PathLocation path) {
      writer.save(path.path());
    } else {
      writer.saveAsTable(((TableLocation.CatalogTable) location).name());
    }
  }
}
