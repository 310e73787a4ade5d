package io.trainaudit.timeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.tables.ConsentEvents;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Consent histories as opt-out runs: per member, each unbroken period during which a channel was
 * opted out, from the first opting-out event of the run (its start, "opted out since") until the
 * event that withdrew it. Events at the same instant collapse to the most protective: opted out.
 */
public final class ConsentTimeline {
  /** Per member: array of struct(channel, from, until). */
  public static final String OPT_OUT_RUNS = "opt_out_runs";
  public static final String CHANNEL = "channel";

  private ConsentTimeline() {}

  /** Opt-out runs per member, from valid consent events. */
  public static Dataset<Row> optOutRuns(Dataset<Row> events) {
    WindowSpec history =
        Window.partitionBy(ConsentEvents.MEMBER_ID, ConsentEvents.CHANNEL).orderBy(ConsentEvents.EVENT_TIME);
    Column optedOut = col(ConsentEvents.OPTED_OUT);
    Dataset<Row> changes =
        events
            // One shuffle by member serves the tie collapse, the windows and the join with the member facts.
            .repartition(col(ConsentEvents.MEMBER_ID))
            .groupBy(ConsentEvents.MEMBER_ID, ConsentEvents.CHANNEL, ConsentEvents.EVENT_TIME)
            .agg(max(optedOut).as(ConsentEvents.OPTED_OUT))
            .withColumn("_before", coalesce(lag(optedOut, 1).over(history), lit(false)))
            .where(optedOut.notEqual(col("_before")));
    return changes
        .withColumn(AsOf.UNTIL, lead(col(ConsentEvents.EVENT_TIME), 1).over(history))
        .where(optedOut)
        .groupBy(ConsentEvents.MEMBER_ID)
        .agg(collect_list(struct(
                col(ConsentEvents.CHANNEL).as(CHANNEL),
                col(ConsentEvents.EVENT_TIME).as(AsOf.FROM),
                col(AsOf.UNTIL).as(AsOf.UNTIL)))
            .as(OPT_OUT_RUNS));
  }

  /** The instant the opt-out on {@code channel} in force at {@code instant} began, or null if none is. */
  public static Column optedOutSince(Column runs, String channel, Column instant) {
    return AsOf.at(runs, instant, run -> run.getField(CHANNEL).equalTo(lit(channel))).getField(AsOf.FROM);
  }
}
