package io.trainaudit;

import io.trainaudit.spark.SparkSessions;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession shared by every test of a JVM: two cores, two shuffle partitions, UI
 * off, and expressions interpreted rather than compiled, since compiling each plan costs more than
 * running it on a test's few rows (a quarter of a job test's time). On a test's few rows, adaptive
 * execution only re-plans (a tenth of a run's time), and the formatted plan description every
 * query posts to the listeners is work nobody reads; file listings (VACUUM's) get two tasks, not
 * ten thousand. The commands a test runs join this session (see SparkSessions); the runs in JVMs
 * of their own (the crash, cluster and launcher tests) keep Spark's defaults and compiled code
 * paths covered, and RulesPassPlanTest checks the plan under adaptive execution, as it runs.
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
                  "spark.sql.codegen.wholeStage", "false",
                  "spark.sql.codegen.factoryMode", "NO_CODEGEN",
                  "spark.sql.adaptive.enabled", "false",
                  "spark.sql.ui.explainMode", "simple",
                  "spark.sql.sources.parallelPartitionDiscovery.parallelism", "2"),
              "trainaudit-tests");
    }
    return session;
  }
}
