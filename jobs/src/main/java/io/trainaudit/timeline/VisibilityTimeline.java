package io.trainaudit.timeline;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.tables.RecordVisibility;
import io.trainaudit.tables.Vocabulary;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Visibility histories as intervals per record. Rows at the same instant collapse to the most
 * protective visibility (hidden > private > connections > public); consecutive rows with the
 * same visibility merge, so an interval's {@code from} is when that visibility began.
 */
public final class VisibilityTimeline {
  /** Per record: array of struct(from, until, visibility). */
  public static final String VISIBILITIES = "visibilities";
  public static final String VISIBILITY = "visibility";

  private VisibilityTimeline() {}

  public static Dataset<Row> intervals(Dataset<Row> rows) {
    Column ladder = array(Vocabulary.VISIBILITIES.stream().map(v -> lit(v)).toArray(Column[]::new));
    WindowSpec history = Window.partitionBy(RecordVisibility.RECORD_ID).orderBy(RecordVisibility.EFFECTIVE_FROM);
    Column visibility = col(RecordVisibility.VISIBILITY);
    Dataset<Row> changes =
        // One shuffle by record serves the tie collapse, the windows and the join with the records.
        rows.repartition(col(RecordVisibility.RECORD_ID))
            .groupBy(RecordVisibility.RECORD_ID, RecordVisibility.EFFECTIVE_FROM)
            .agg(max(array_position(ladder, visibility)).as("_rank"))
            .withColumn(RecordVisibility.VISIBILITY, element_at(ladder, col("_rank").cast("int")))
            .withColumn("_before", lag(visibility, 1).over(history))
            .where(col("_before").isNull().or(visibility.notEqual(col("_before"))));
    return changes
        .withColumn(AsOf.UNTIL, lead(col(RecordVisibility.EFFECTIVE_FROM), 1).over(history))
        .groupBy(RecordVisibility.RECORD_ID)
        .agg(collect_list(struct(
                col(RecordVisibility.EFFECTIVE_FROM).as(AsOf.FROM),
                col(AsOf.UNTIL).as(AsOf.UNTIL),
                visibility.as(VISIBILITY)))
            .as(VISIBILITIES));
  }
}
