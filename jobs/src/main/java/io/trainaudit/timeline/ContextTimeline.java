package io.trainaudit.timeline;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.config.Policy;
import io.trainaudit.tables.SensitiveContexts;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Sensitive-context histories as intervals per context, each with the set of the policy's special
 * categories flagged on the context throughout it. Each (context, category) is its own history:
 * rows of one at the same instant collapse to the most protective, flagged; a category outside
 * {@code policy.sensitive_categories} is left out; an interval starts whenever the set changes,
 * and the periods in which no category of the policy is flagged are left out too.
 */
public final class ContextTimeline {
  /** Per context: array of struct(from, until, categories), categories sorted. */
  public static final String SENSITIVE_PERIODS = "sensitive_periods";
  public static final String CATEGORIES = "categories";
  /** The type of {@link #SENSITIVE_PERIODS}, for a record in no sensitive context. */
  public static final DataType PERIODS_TYPE = new ArrayType(new StructType()
      .add(AsOf.FROM, DataTypes.TimestampType)
      .add(AsOf.UNTIL, DataTypes.TimestampType)
      .add(CATEGORIES, new ArrayType(DataTypes.StringType, true)), true);

  private static final String INSTANT = "_instant";
  private static final String BEFORE = "_before";

  private ContextTimeline() {}

  /** Per context ({@code context_id}), its {@link #SENSITIVE_PERIODS}, from valid sensitive_contexts rows. */
  public static Dataset<Row> intervals(Dataset<Row> rows, Policy policy) {
    Column context = col(SensitiveContexts.CONTEXT_ID);
    Column at = col(SensitiveContexts.EFFECTIVE_FROM);
    WindowSpec categoryHistory = Window.partitionBy(SensitiveContexts.CONTEXT_ID, SensitiveContexts.CATEGORY)
        .orderBy(SensitiveContexts.EFFECTIVE_FROM);
    Dataset<Row> states =
        rows.where(col(SensitiveContexts.CATEGORY).isin(policy.sensitiveCategories().toArray()))
            // One shuffle by context serves the tie collapse, the windows, the join and the join with the records.
            .repartition(context)
            .groupBy(SensitiveContexts.CONTEXT_ID, SensitiveContexts.CATEGORY, SensitiveContexts.EFFECTIVE_FROM)
            .agg(max(col(SensitiveContexts.FLAGGED)).as(SensitiveContexts.FLAGGED));
    // Each category's flagged periods; a context's set changes only where one of them begins or ends.
    Dataset<Row> flagged = states
        .withColumn(AsOf.UNTIL, lead(at, 1).over(categoryHistory))
        .where(col(SensitiveContexts.FLAGGED))
        .as("f");
    Dataset<Row> instants = flagged
        .select(context, explode(array(at, col(AsOf.UNTIL))).as(INSTANT))
        .where(col(INSTANT).isNotNull())
        .distinct()
        .as("i");
    Column inForce = col("f." + SensitiveContexts.CONTEXT_ID).equalTo(col("i." + SensitiveContexts.CONTEXT_ID))
        .and(col("f." + SensitiveContexts.EFFECTIVE_FROM).leq(col("i." + INSTANT)))
        .and(col("f." + AsOf.UNTIL).isNull().or(col("i." + INSTANT).lt(col("f." + AsOf.UNTIL))));
    Dataset<Row> sets = instants.join(flagged, inForce, "left")
        .groupBy(col("i." + SensitiveContexts.CONTEXT_ID).as(SensitiveContexts.CONTEXT_ID),
            col("i." + INSTANT).as(INSTANT))
        .agg(array_sort(collect_set(col("f." + SensitiveContexts.CATEGORY))).as(CATEGORIES));
    WindowSpec contextHistory = Window.partitionBy(SensitiveContexts.CONTEXT_ID).orderBy(INSTANT);
    Column categories = col(CATEGORIES);
    return sets
        .withColumn(BEFORE, lag(categories, 1).over(contextHistory))
        .where(col(BEFORE).isNull().or(categories.equalTo(col(BEFORE)).unary_$bang()))
        .withColumn(AsOf.UNTIL, lead(col(INSTANT), 1).over(contextHistory))
        .where(size(categories).gt(lit(0)))
        .groupBy(SensitiveContexts.CONTEXT_ID)
        .agg(collect_list(struct(col(INSTANT).as(AsOf.FROM), col(AsOf.UNTIL).as(AsOf.UNTIL), categories.as(CATEGORIES)))
            .as(SENSITIVE_PERIODS));
  }
}
