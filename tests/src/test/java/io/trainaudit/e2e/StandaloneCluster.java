package io.trainaudit.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Spark standalone master and workers on loopback, each a JVM of its own started from the Spark
 * jars of the test class path; every worker has one core, 1 GiB and its own work and local dirs.
 * Closing it SIGKILLs them all, with the executors they launched.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  /** The daemons log warnings only, but the master says when it leads and which workers register. */
  private static final String DAEMON_LOGGING = String.join("\n",
      "status = error",
      "appender.console.type = Console",
      "appender.console.name = console",
      "appender.console.target = SYSTEM_ERR",
      "appender.console.layout.type = PatternLayout",
      "appender.console.layout.pattern = %d{HH:mm:ss} %-5p %c{1}: %m%n",
      "rootLogger.level = warn",
      "rootLogger.appenderRef.console.ref = console",
      "logger.master.name = org.apache.spark.deploy.master.Master",
      "logger.master.level = info",
      "");

  private final Path dir;
  private final int port = freePort();
  private final int webUiPort = freePort();
  private final List<Process> processes = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();
  private LineWatcher masterLog;

  private StandaloneCluster(Path dir) {
    this.dir = dir;
  }

  /** Starts the master, then the workers, and returns once the master lists them all alive. */
  static StandaloneCluster start(Path dir, int workerCount) throws IOException, InterruptedException {
    StandaloneCluster cluster = new StandaloneCluster(dir);
    try {
      cluster.startMaster();
      for (int i = 0; i < workerCount; i++) {
        cluster.startWorker(i);
      }
      cluster.masterLog.await(line -> line.contains("Registering worker"), workerCount, START_TIMEOUT);
      int alive = cluster.aliveWorkers();
      if (alive != workerCount) {
        throw new AssertionError("the master lists " + alive + " alive workers, not " + workerCount);
      }
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + port;
  }

  /** A worker's directory: one {@code app-*} folder per application, one folder per executor in it. */
  Path workDir(int worker) {
    return dir.resolve("worker-" + worker + "/work");
  }

  /** The number of workers the master's status JSON lists as {@code ALIVE}. */
  int aliveWorkers() throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUiPort + "/json/")).build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(response.body()).path("aliveworkers").asInt(-1);
  }

  /** Waits until the master has noticed {@code count} workers gone. */
  void awaitWorkersRemoved(int count) throws InterruptedException {
    masterLog.await(line -> line.contains("Removing worker"), count, START_TIMEOUT);
  }

  /** SIGKILLs a worker and the executors it launched, as a machine failure would. */
  void killWorker(int worker) {
    ChildJvm.kill(workers.get(worker));
  }

  private void startMaster() throws IOException, InterruptedException {
    Path logging = Files.writeString(dir.resolve("daemon-log4j2.properties"), DAEMON_LOGGING);
    Process master = daemon("master", List.of("-Dlog4j2.configurationFile=" + logging),
        "org.apache.spark.deploy.master.Master",
        List.of("--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(webUiPort)))
        .start();
    processes.add(master);
    masterLog = LineWatcher.watch("the master", master.getInputStream(), dir.resolve("master.log"));
    masterLog.await(line -> line.contains("I have been elected leader! New state: ALIVE"), 1, START_TIMEOUT);
  }

  private void startWorker(int worker) throws IOException {
    Path home = Files.createDirectories(dir.resolve("worker-" + worker));
    Files.createDirectories(workDir(worker));
    Process process = daemon("worker-" + worker,
        List.of("-Dlog4j2.configurationFile=" + dir.resolve("daemon-log4j2.properties")),
        "org.apache.spark.deploy.worker.Worker",
        List.of("--host", "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", "0",
            "--work-dir", workDir(worker).toString(), masterUrl()))
        .redirectOutput(home.resolve("worker.log").toFile())
        .start();
    processes.add(process);
    workers.add(process);
  }

  private ProcessBuilder daemon(String name, List<String> flags, String mainClass, List<String> args)
      throws IOException {
    List<String> jvmFlags = Stream.concat(Stream.of("-Xmx256m"), flags.stream()).toList();
    ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(jvmFlags, mainClass, args)).redirectErrorStream(true);
    // A worker launches executors with SPARK_HOME/jars on their class path; here they get the test
    // class path through spark.executor.extraClassPath, so an empty jars folder is all it needs.
    Path sparkHome = Files.createDirectories(dir.resolve("spark-home/jars")).getParent();
    Map<String, String> env = builder.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_DIRS", Files.createDirectories(dir.resolve(name + "-local")).toString());
    return builder;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot find a free port: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      ChildJvm.kill(processes.get(i));
    }
  }
}
