package io.trainaudit;

import io.trainaudit.spark.SparkSessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The one local SparkSession shared by every test of a JVM: two cores, two shuffle partitions, UI off. */
public final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session =
          SparkSessions.create(
              Map.of(
                  "spark.master", "local[2]",
                  "spark.sql.shuffle.partitions", "2",
                  "spark.default.parallelism", "2",
                  "spark.databricks.delta.snapshotPartitions", "2",
                  "spark.sql.adaptive.coalescePartitions.initialPartitionNum", "2"),
              "trainaudit-tests");
    }
    return session;
  }
}
