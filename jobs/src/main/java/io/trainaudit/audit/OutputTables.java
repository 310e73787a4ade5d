package io.trainaudit.audit;

import io.trainaudit.config.TableLocation;
import io.trainaudit.tables.DeltaTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Creating and appending to the auditor's own Delta tables, by path or catalog name. */
final class OutputTables {
  private OutputTables() {}

  /** Creates the table empty with the given schema unless it exists. */
  static void ensure(SparkSession spark, TableLocation location, StructType schema) {
    if (!DeltaTables.exists(spark, location)) {
      append(spark.createDataFrame(java.util.List.of(), schema), location);
    }
  }

  /** Appends rows in one atomic Delta commit. */
  static void append(Dataset<Row> rows, TableLocation location) {
    var writer = rows.write().format("delta").mode(SaveMode.Append);
    if (location instanceof TableLocation.PathLocation path) {
      writer.save(path.path());
    } else {
      writer.saveAsTable(((TableLocation.CatalogTable) location).name());
    }
  }
}
