package io.trainaudit.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import io.trainaudit.tables.ConsentEvents;
import io.trainaudit.tables.Members;
import io.trainaudit.tables.Records;
import io.trainaudit.tables.TrainingSnapshots;
import io.trainaudit.tables.Vocabulary;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * One more night of data for the incremental run: a new generative snapshot, a day after the last
 * one, holding about 1% as many rows as the training table (or, for the fixed night, exactly
 * {@link #FIXED_ROWS} rows whatever the history's size), and a few late opt-outs (consent events
 * recorded tonight but in force since a month before the last snapshot, so they change findings of
 * snapshots already audited). Chosen by hash, so the same data always gives the same night.
 */
final class Night {
  static final String SNAPSHOT_ID = "bench-night-1";
  static final String FIXED_SNAPSHOT_ID = "bench-fixed-night";
  static final long FIXED_ROWS = 10_000;
  static final double NEW_ROWS_SHARE = 0.01;
  static final long LATE_OPT_OUTS = 200;
  private static final String TRAINING = "training_snapshots";
  private static final String CONSENT = "consent_events";
  private static final long BUCKETS = 1_000_000;

  private Night() {}

  /**
   * Writes the night's training rows and consent events as Delta tables under {@code nightDir}:
   * about 1% new rows, or exactly {@link #FIXED_ROWS} when {@code fixed}.
   */
  static Map<String, Object> prepare(SparkSession spark, Path dataDir, Path nightDir, boolean fixed) {
    Dataset<Row> training = delta(spark, dataDir.resolve(TRAINING));
    Dataset<Row> records = delta(spark, dataDir.resolve("records"));
    Row bounds = training.agg(max(TrainingSnapshots.CAPTURED_AT), org.apache.spark.sql.functions.count(lit(1)))
        .first();
    Timestamp lastCapture = bounds.getTimestamp(0);
    long trainingRows = bounds.getLong(1);
    long recordRows = records.count();
    Timestamp capturedAt = Timestamp.from(lastCapture.toInstant().plus(Duration.ofDays(1)));
    long threshold = Math.round(BUCKETS * NEW_ROWS_SHARE * trainingRows / recordRows);

    Dataset<Row> chosen = fixed
        ? records.where(col(Records.RECORD_ID).isNotNull())
            .orderBy(bucket(col(Records.RECORD_ID), 1), col(Records.RECORD_ID)).limit((int) FIXED_ROWS)
        : records.where(col(Records.RECORD_ID).isNotNull().and(bucket(col(Records.RECORD_ID), 1).lt(threshold)));
    Dataset<Row> newRows = chosen
        .select(
            lit(fixed ? FIXED_SNAPSHOT_ID : SNAPSHOT_ID).as(TrainingSnapshots.SNAPSHOT_ID),
            lit(capturedAt).as(TrainingSnapshots.CAPTURED_AT),
            lit(Vocabulary.PURPOSE_GENERATIVE).as(TrainingSnapshots.PURPOSE),
            lit("internal").as(TrainingSnapshots.RECIPIENT),
            col(Records.RECORD_ID).as(TrainingSnapshots.RECORD_ID),
            col(Records.MEMBER_ID).as(TrainingSnapshots.MEMBER_ID));
    long newRowCount = write(newRows, nightDir.resolve(TRAINING));

    Timestamp optedOutAt = Timestamp.from(lastCapture.toInstant().minus(Duration.ofDays(30)));
    Dataset<Row> members = delta(spark, dataDir.resolve("members")).select(Members.MEMBER_ID).distinct();
    Dataset<Row> lateOptOuts = members
        .where(col(Members.MEMBER_ID).isNotNull())
        .orderBy(bucket(col(Members.MEMBER_ID), 2), col(Members.MEMBER_ID))
        .limit((int) LATE_OPT_OUTS)
        .select(
            concat(lit("bench-late-"), col(Members.MEMBER_ID)).as(ConsentEvents.EVENT_ID),
            col(Members.MEMBER_ID).as(ConsentEvents.MEMBER_ID),
            lit(Vocabulary.CHANNEL_GENERATIVE_AI_SETTING).as(ConsentEvents.CHANNEL),
            lit(true).as(ConsentEvents.OPTED_OUT),
            lit(optedOutAt).as(ConsentEvents.EVENT_TIME),
            lit("bench late arrival").as(ConsentEvents.SOURCE));
    long optOuts = write(lateOptOuts, nightDir.resolve(CONSENT));
    return Map.of("night_training_rows", newRowCount, "late_opt_outs", optOuts, "night_captured_at",
        capturedAt.toInstant().toString());
  }

  /** Appends the prepared night to the training and consent tables under {@code dataDir}. */
  static Map<String, Object> apply(SparkSession spark, Path nightDir, Path dataDir) {
    for (String table : new String[] {TRAINING, CONSENT}) {
      Dataset<Row> target = delta(spark, dataDir.resolve(table));
      Column[] columns = java.util.Arrays.stream(target.columns()).map(functions::col).toArray(Column[]::new);
      delta(spark, nightDir.resolve(table)).select(columns)
          .write().format("delta").mode("append").save(dataDir.resolve(table).toString());
    }
    return Map.of();
  }

  private static Column bucket(Column key, long salt) {
    return pmod(xxhash64(key, lit(Scale.SEED + salt)), lit(BUCKETS));
  }

  private static Dataset<Row> delta(SparkSession spark, Path table) {
    return spark.read().format("delta").load(table.toString());
  }

  private static long write(Dataset<Row> rows, Path table) {
    rows.write().format("delta").mode("overwrite").save(table.toString());
    return rows.sparkSession().read().format("delta").load(table.toString()).count();
  }
}
