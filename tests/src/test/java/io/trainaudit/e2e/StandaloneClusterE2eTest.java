package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainaudit.TestSpark;
import io.trainaudit.audit.RunStatus;
import io.trainaudit.cli.AuditCli;
import io.trainaudit.tables.AuditRuns;
import io.trainaudit.tables.Findings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit on a real Spark standalone cluster: a master and two one-core workers on loopback,
 * each a JVM of its own, the driver a separate JVM as {@code spark-submit} would start it, the
 * executors in the workers, one on each. Its findings must equal a local-mode run's exactly, though
 * a worker and its executor are SIGKILLed mid-audit and Spark retries their tasks on the other
 * worker: one cluster run proves both (each costs a minute and a half on two cores).
 */
@Tag("cluster")
class StandaloneClusterE2eTest {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

  @TempDir static Path data;
  private static List<String> localFindings;

  @BeforeAll
  static void generateAndAuditLocally() {
    GeneratedData.shared(data);
    Path config = GeneratedData.config(data, "local.yaml", outputs("out-local"));
    Cli.Outcome local = Cli.run("run", "--config", config.toString(), "--full");
    assertEquals(1, local.exitCode(), local.err());
    localFindings = findings("out-local");
    long plantedFindings = TestSpark.session().read().format("delta")
        .load(data.resolve("data/ground_truth/use_time").toString()).count();
    assertEquals(plantedFindings, localFindings.size(), "the local run finds exactly what the generator planted");
  }

  @Test
  void executorsOnTwoWorkersFindExactlyWhatLocalModeFindsAlsoWhenOneIsKilledMidAudit(@TempDir Path dir)
      throws Exception {
    try (StandaloneCluster cluster = StandaloneCluster.start(dir, 2)) {
      Path config = clusterConfig(cluster, "out-cluster");
      Process driver = startDriver(cluster, config, dir);
      try {
        LineWatcher driverLog = LineWatcher.watch("the driver", driver.getErrorStream(), dir.resolve("driver.log"));
        driverLog.await(line -> line.contains("] inventory "), 1, RUN_TIMEOUT);
        // The inventory ran on both executors, one per worker; then one worker dies with its executor.
        assertEquals(List.of(1, 1), List.of(executors(cluster, 0), executors(cluster, 1)));
        cluster.killWorker(0);
        assertEquals(1, exitCode(driver), driverLog.output());
        assertTrue(driverLog.output().contains("Lost executor"), "the driver never lost an executor:\n"
            + driverLog.output());
      } finally {
        ChildJvm.kill(driver);
      }
      cluster.awaitWorkersRemoved(1);
      assertEquals(1, cluster.aliveWorkers());
      assertEquals(1, executors(cluster, 1));
    }
    assertEquals(localFindings, findings("out-cluster"));
    assertEquals(List.of(RunStatus.SUCCEEDED.value()), runStatuses("out-cluster"));
  }

  /** The settings a cluster deployment gives the auditor, scaled down to two one-core executors. */
  private static Path clusterConfig(StandaloneCluster cluster, String out) {
    String executorFlags = String.join(" ", Stream.concat(ChildJvm.FAST_START.stream(),
        ChildJvm.sparkFlags().stream()).toList());
    return GeneratedData.config(data, out + ".yaml",
        "spark:",
        "  master: " + cluster.masterUrl(),
        "  executor.memory: 512m",
        "  executor.cores: 1",
        "  cores.max: 2",
        "  executor.extraJavaOptions: \"" + executorFlags + "\"",
        "  driver.host: 127.0.0.1",
        "  driver.bindAddress: 127.0.0.1",
        "  ui.enabled: false",
        "  task.maxFailures: 4",
        // Start only once both executors are up, so that the killed worker surely runs tasks.
        "  scheduler.minRegisteredResourcesRatio: 1.0",
        "  scheduler.maxRegisteredResourcesWaitingTime: 120s",
        "  locality.wait: 0s",
        "  sql.shuffle.partitions: 2",
        "  default.parallelism: 2",
        "  databricks.delta.snapshotPartitions: 2",
        "  sql.adaptive.coalescePartitions.initialPartitionNum: 2",
        outputs(out));
  }

  private static String outputs(String out) {
    return String.join("\n", "output:",
        "  findings: " + out + "/findings",
        "  audit_runs: " + out + "/audit_runs",
        "  quarantine: " + out + "/quarantine",
        "  reports: " + out + "/reports",
        "  staging: " + out + "/staging");
  }

  /** The driver as spark-submit starts it in client mode: the master as a system property. */
  private static Process startDriver(StandaloneCluster cluster, Path config, Path dir) throws IOException {
    List<String> command = ChildJvm.command(
        List.of("-Xmx1g",
            "-Dspark.master=" + cluster.masterUrl(),
            // Stands in for the Spark installation and the application jar a real cluster ships.
            "-Dspark.executor.extraClassPath=" + System.getProperty("java.class.path"),
            "-Dlog4j2.configurationFile=" + System.getProperty("log4j2.configurationFile")),
        AuditCli.class.getName(), List.of("run", "--config", config.toString(), "--full"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("driver.out").toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().put("SPARK_LOCAL_DIRS", Files.createDirectories(dir.resolve("driver-local")).toString());
    return builder.start();
  }

  private static int exitCode(Process driver) throws InterruptedException {
    if (!driver.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("the driver did not finish within " + RUN_TIMEOUT);
    }
    return driver.exitValue();
  }

  /** How many executors the worker launched for the one application it served. */
  private static int executors(StandaloneCluster cluster, int worker) throws IOException {
    List<Path> apps = list(cluster.workDir(worker));
    assertEquals(1, apps.size(), "applications on worker " + worker + ": " + apps);
    return list(apps.get(0)).size();
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isDirectory).toList();
    }
  }

  /** The findings table as sorted lines {@code finding_id|evidence}. */
  private static List<String> findings(String out) {
    return TestSpark.session().read().format("delta").load(data.resolve(out + "/findings").toString())
        .select(Findings.FINDING_ID, Findings.EVIDENCE).collectAsList().stream()
        .map(r -> r.getString(0) + "|" + r.getString(1))
        .sorted().toList();
  }

  private static List<String> runStatuses(String out) {
    return TestSpark.session().read().format("delta").load(data.resolve(out + "/audit_runs").toString())
        .select(AuditRuns.STATUS).collectAsList().stream().map(r -> r.getString(0)).toList();
  }
}
