package io.trainaudit.tables;

import static io.trainaudit.tables.ColumnSpec.nullable;
import static io.trainaudit.tables.ColumnSpec.required;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import io.trainaudit.spark.Seqs;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * model_trainings (optional table): which model version was trained on which training snapshot,
 * one row per (model_id, model_version, snapshot_id); the lineage from a snapshot to the models it
 * reached. A snapshot_id no training_snapshots row holds makes its row invalid.
 */
public final class ModelTrainings {
  public static final String MODEL_ID = "model_id";
  public static final String MODEL_VERSION = "model_version";
  public static final String SNAPSHOT_ID = "snapshot_id";
  public static final String TRAINED_AT = "trained_at";
  /** Null: the model version was never released. */
  public static final String RELEASED_AT = "released_at";

  public static final TableSchema SCHEMA =
      TableSchema.of(
          "model_trainings",
          required(MODEL_ID, ColumnType.STRING),
          required(MODEL_VERSION, ColumnType.STRING),
          required(SNAPSHOT_ID, ColumnType.STRING),
          required(TRAINED_AT, ColumnType.TIMESTAMP),
          nullable(RELEASED_AT, ColumnType.TIMESTAMP));

  private static final String KNOWN = "_known_snapshot";

  static List<RowCheck> checks() {
    return List.of();
  }

  /**
   * The table with every otherwise valid row whose snapshot_id is none of {@code snapshotIds}
   * (one column, snapshot_id: the ids the training table holds) made invalid, saying so.
   */
  public static ValidatedTable withKnownSnapshots(ValidatedTable table, Dataset<Row> snapshotIds) {
    Dataset<Row> known = snapshotIds
        .select(col(TrainingSnapshots.SNAPSHOT_ID).cast(DataTypes.StringType).as(SNAPSHOT_ID))
        .where(col(SNAPSHOT_ID).isNotNull()).distinct().withColumn(KNOWN, lit(true));
    return table.transform(rows -> rows.join(broadcast(known), Seqs.of(SNAPSHOT_ID), "left"))
        .alsoInvalid(col(KNOWN).isNull().and(col(SNAPSHOT_ID).isNotNull()),
            concat(lit("unknown snapshot_id '"), col(SNAPSHOT_ID), lit("': no training_snapshots row holds it")))
        .transform(rows -> rows.drop(KNOWN));
  }

  private ModelTrainings() {}
}
