package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.trainaudit.config.TableLocation;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.Quarantine;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The quarantine table: input rows that could not be audited, per run. */
public final class QuarantineStore {
  public static final StructType SCHEMA =
      new StructType()
          .add(Quarantine.TABLE, DataTypes.StringType, false)
          .add(Quarantine.REASON, DataTypes.StringType, false)
          .add(Quarantine.ROW_JSON, DataTypes.StringType, false)
          .add(Quarantine.AUDIT_RUN_ID, DataTypes.StringType, false);

  private QuarantineStore() {}

  /** Rows a run quarantined, per table; a small aggregate. */
  public static Map<String, Long> countsByTable(SparkSession spark, TableLocation location, String runId) {
    Map<String, Long> counts = new TreeMap<>();
    for (Row row : DeltaTables.read(spark, location)
        .where(col(Quarantine.AUDIT_RUN_ID).equalTo(lit(runId)))
        .groupBy(Quarantine.TABLE)
        .count()
        .collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }
}
