package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;

import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.Quarantine;
import io.trainaudit.tables.TableLocation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The quarantine table: input rows that could not be audited. A row is kept once, with the run
 * that first quarantined it and how many identical copies the input holds, so that nightly runs
 * that meet it again add nothing.
 */
public final class QuarantineStore {
  public static final StructType SCHEMA =
      new StructType()
          .add(Quarantine.TABLE, DataTypes.StringType, false)
          .add(Quarantine.REASON, DataTypes.StringType, false)
          .add(Quarantine.ROW_JSON, DataTypes.StringType, false)
          .add(Quarantine.AUDIT_RUN_ID, DataTypes.StringType, false)
          .add(Quarantine.COPIES, DataTypes.LongType, false);

  private final SparkSession spark;
  private final TableLocation location;

  public QuarantineStore(SparkSession spark, TableLocation location) {
    this.spark = spark;
    this.location = location;
  }

  /**
   * The invalid rows a run met, each distinct row once with its number of copies, counted per
   * table and held until {@link #commit} writes them (or {@link #close} lets them go).
   */
  public static final class Staged implements AutoCloseable {
    private final Dataset<Row> distinct;
    private final Map<String, Long> counts;

    private Staged(Dataset<Row> distinct, Map<String, Long> counts) {
      this.distinct = distinct;
      this.counts = Collections.unmodifiableMap(counts);
    }

    /** The invalid rows met, per table (copies included). */
    public Map<String, Long> counts() {
      return counts;
    }

    @Override
    public void close() {
      distinct.unpersist();
    }
  }

  /** Computes what {@link #commit} will add: the distinct invalid rows of {@code rows} and their counts. */
  public Staged stage(Dataset<Row> rows) {
    Dataset<Row> distinct =
        rows.groupBy(Quarantine.TABLE, Quarantine.REASON, Quarantine.ROW_JSON)
            .agg(first(Quarantine.AUDIT_RUN_ID).as(Quarantine.AUDIT_RUN_ID), count(lit(1)).as(Quarantine.COPIES))
            .cache();
    Map<String, Long> counts = new TreeMap<>();
    for (Row row : distinct.groupBy(Quarantine.TABLE).agg(org.apache.spark.sql.functions.sum(Quarantine.COPIES))
        .collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return new Staged(distinct, counts);
  }

  /** Adds the staged rows not yet quarantined, in one commit (none when there are none). */
  public void commit(Staged staged) {
    OutputTables.ensure(spark, location, SCHEMA);
    if (staged.counts().isEmpty()) {
      return;
    }
    Map<String, Column> insert = new LinkedHashMap<>();
    for (String column : SCHEMA.fieldNames()) {
      insert.put(column, col("s." + column));
    }
    DeltaTables.handle(spark, location)
        .as("t")
        .merge(staged.distinct.as("s"), col("t." + Quarantine.TABLE).equalTo(col("s." + Quarantine.TABLE))
            .and(col("t." + Quarantine.REASON).equalTo(col("s." + Quarantine.REASON)))
            .and(col("t." + Quarantine.ROW_JSON).equalTo(col("s." + Quarantine.ROW_JSON))))
        .whenNotMatched()
        .insert(insert)
        .execute();
  }
}
