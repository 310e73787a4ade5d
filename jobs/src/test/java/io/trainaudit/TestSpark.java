package io.trainaudit;

import io.trainaudit.spark.SparkSessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession shared by every test of a JVM: two cores, two shuffle partitions, UI
 * off, and expressions interpreted rather than compiled, since compiling each plan costs more than
 * running it on a test's few rows (a quarter of a job test's time). The commands a test runs join
 * this session (see SparkSessions); the runs in JVMs of their own (the crash, cluster and launcher
 * tests) keep Spark's compiled code paths covered.
 */
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
                  "spark.sql.adaptive.coalescePartitions.initialPartitionNum", "2",
                  "spark.sql.codegen.wholeStage", "false",
                  "spark.sql.codegen.factoryMode", "NO_CODEGEN"),
              "trainaudit-tests");
    }
    return session;
  }
}
