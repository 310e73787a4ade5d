package io.trainaudit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.trainaudit.TestSpark;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Which master the session gets, the local-mode defaults that follow from it, and joining a running session. */
class SparkSessionsTest {
  @Test
  void withoutLauncherOrConfiguredMasterTheSessionIsLocal() {
    Map<String, String> settings = SparkSessions.settings(Map.of(), Optional.empty());
    assertEquals("local[*]", settings.get("spark.master"));
    assertEquals("false", settings.get("spark.ui.enabled"));
    assertEquals("127.0.0.1", settings.get("spark.driver.host"));
    assertEquals("false", settings.get("spark.sql.execution.useObjectHashAggregateExec"));
  }

  @Test
  void theConfiguredMasterWinsWhenNoLauncherSetOne() {
    Map<String, String> settings =
        SparkSessions.settings(Map.of("spark.master", "spark://10.0.0.5:7077"), Optional.empty());
    assertEquals("spark://10.0.0.5:7077", settings.get("spark.master"));
    assertFalse(settings.containsKey("spark.ui.enabled"));
    assertFalse(settings.containsKey("spark.driver.host"));
  }

  @Test
  void theLauncherMasterIsNotOverriddenByTheConfigurationsDefault() {
    // The config's default spark section is {master: local[*]}; spark-submit --master yarn must win.
    Map<String, String> settings = SparkSessions.settings(Map.of("spark.master", "local[*]"), Optional.of("yarn"));
    assertEquals("yarn", settings.get("spark.master"));
    assertFalse(settings.containsKey("spark.ui.enabled"));
    assertFalse(settings.containsKey("spark.driver.host"));
    assertFalse(settings.containsKey("spark.sql.shuffle.partitions"));
    assertFalse(settings.containsKey("spark.databricks.delta.snapshotPartitions"));
  }

  @Test
  void theLauncherMasterKeepsTheOtherConfiguredSettings() {
    Map<String, String> settings = SparkSessions.settings(
        Map.of("spark.master", "local[2]", "spark.executor.memory", "8g", "spark.sql.session.timeZone", "Europe/Paris"),
        Optional.of("k8s://https://10.0.0.1:6443"));
    assertEquals("k8s://https://10.0.0.1:6443", settings.get("spark.master"));
    assertEquals("8g", settings.get("spark.executor.memory"));
    assertEquals("UTC", settings.get("spark.sql.session.timeZone"));
    assertEquals("io.delta.sql.DeltaSparkSessionExtension", settings.get("spark.sql.extensions"));
  }

  @Test
  void aLocalLauncherMasterGetsTheLocalDefaults() {
    Map<String, String> settings = SparkSessions.settings(Map.of(), Optional.of("local[2]"));
    assertEquals("local[2]", settings.get("spark.master"));
    assertEquals("false", settings.get("spark.ui.enabled"));
    assertEquals("8", settings.get("spark.sql.shuffle.partitions"));
    assertEquals("4", settings.get("spark.databricks.delta.snapshotPartitions"));
  }

  @Test
  void aRunningSessionIsJoinedKeepingItsTuningWithTheAuditorsSemanticsAndTheConfiguredSettings() {
    SparkSession running = TestSpark.session();
    running.conf().set("spark.sql.session.timeZone", "Europe/Paris");
    try {
      SparkSession joined = SparkSessions.create(
          Map.of("spark.master", "local[*]", "spark.sql.autoBroadcastJoinThreshold", "1234"), "trainaudit run");
      assertSame(running, joined);
      assertEquals(List.of("2", "2", "UTC", "1234"), Stream.of("spark.sql.shuffle.partitions",
          "spark.databricks.delta.snapshotPartitions", "spark.sql.session.timeZone",
          "spark.sql.autoBroadcastJoinThreshold").map(key -> joined.conf().get(key)).toList());
    } finally {
      running.conf().set("spark.sql.session.timeZone", "UTC");
      running.conf().unset("spark.sql.autoBroadcastJoinThreshold");
    }
  }
}
