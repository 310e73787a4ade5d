package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.trainaudit.config.TableLocation;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.Findings;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The findings table. A run's findings merge in by finding_id in one commit: a finding seen
 * before keeps its first run and is confirmed by this one; a new one is inserted; an open finding
 * of an audited snapshot that this run no longer finds is retracted. Nothing is ever deleted.
 */
public final class FindingsStore {
  public static final StructType SCHEMA =
      new StructType()
          .add(Findings.FINDING_ID, DataTypes.StringType, false)
          .add(Findings.RULE_ID, DataTypes.StringType, false)
          .add(Findings.SEVERITY, DataTypes.StringType, false)
          .add(Findings.SNAPSHOT_ID, DataTypes.StringType, false)
          .add(Findings.CAPTURED_AT, DataTypes.TimestampType)
          .add(Findings.PURPOSE, DataTypes.StringType)
          .add(Findings.RECIPIENT, DataTypes.StringType)
          .add(Findings.RECORD_ID, DataTypes.StringType, false)
          .add(Findings.MEMBER_ID, DataTypes.StringType)
          .add(Findings.REGION_GROUP, DataTypes.StringType)
          .add(Findings.EVIDENCE, DataTypes.StringType)
          .add(Findings.AUDIT_RUN_ID, DataTypes.StringType)
          .add(Findings.FIRST_RUN_ID, DataTypes.StringType)
          .add(Findings.STATUS, DataTypes.StringType)
          .add(Findings.RETRACTED_RUN_ID, DataTypes.StringType);

  /** The columns a newer run restates; first_run_id is kept from the first detection. */
  private static final String[] RESTATED = {
    Findings.RULE_ID, Findings.SEVERITY, Findings.SNAPSHOT_ID, Findings.CAPTURED_AT, Findings.PURPOSE,
    Findings.RECIPIENT, Findings.RECORD_ID, Findings.MEMBER_ID, Findings.REGION_GROUP, Findings.EVIDENCE,
    Findings.AUDIT_RUN_ID, Findings.STATUS, Findings.RETRACTED_RUN_ID
  };

  private final SparkSession spark;
  private final TableLocation location;

  public FindingsStore(SparkSession spark, TableLocation location) {
    this.spark = spark;
    this.location = location;
  }

  /**
   * Merges a run's findings into the table, in one commit. Only findings of the snapshots and
   * rules this run audited can be retracted: a rule switched off retracts nothing.
   */
  public void merge(Dataset<Row> runFindings, Collection<String> auditedSnapshots, Collection<String> auditedRules,
      String runId) {
    OutputTables.ensure(spark, location, SCHEMA);
    Map<String, Column> restate = new LinkedHashMap<>();
    for (String column : RESTATED) {
      restate.put(column, col("s." + column));
    }
    Column target = col("t." + Findings.FINDING_ID);
    DeltaTables.handle(spark, location)
        .as("t")
        .merge(runFindings.as("s"), target.equalTo(col("s." + Findings.FINDING_ID)))
        .whenMatched()
        .update(restate)
        .whenNotMatched()
        .insertAll()
        .whenNotMatchedBySource(
            col("t." + Findings.SNAPSHOT_ID).isin(auditedSnapshots.toArray())
                .and(col("t." + Findings.RULE_ID).isin(auditedRules.toArray()))
                .and(col("t." + Findings.STATUS).equalTo(lit(Findings.STATUS_OPEN))))
        .update(Map.of(
            Findings.STATUS, lit(Findings.STATUS_RETRACTED),
            Findings.RETRACTED_RUN_ID, lit(runId)))
        .execute();
  }

  public Dataset<Row> read() {
    return DeltaTables.read(spark, location);
  }
}
