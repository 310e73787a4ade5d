package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.trainaudit.cli.AuditCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * The scheduler templates of {@code conf/schedulers/}: each is parsed as its scheduler would parse
 * it, and the audit command line it holds is parsed by the auditor's real command line, so that a
 * renamed option or a typo fails here rather than at 02:30.
 */
class SchedulerTemplatesTest {
  private static final Path CONF = Path.of("..", "conf").toAbsolutePath().normalize();
  private static final Pattern SHADED_JAR = Pattern.compile("trainaudit-jobs-\\d[^/]*-spark\\.jar");
  private static final String DELTA_VERSION = DeltaTable.class.getPackage().getImplementationVersion();
  private static final String SPARK_VERSION = org.apache.spark.package$.MODULE$.SPARK_VERSION();

  @Test
  void theCrontabLineRunsTheIncrementalAuditUnderFlockWithALog() throws IOException {
    List<String> entries = Files.readAllLines(CONF.resolve("schedulers/crontab")).stream()
        .filter(line -> line.matches("^[0-9*].*")).toList();
    assertEquals(1, entries.size(), "schedule lines: " + entries);
    List<String> fields = Arrays.asList(entries.get(0).trim().split("\\s+"));
    assertEquals(List.of("30", "2", "*", "*", "*"), fields.subList(0, 5));
    assertEquals(List.of("flock", "-n", "-E", "7", "/var/lock/trainaudit.lock"), fields.subList(5, 10));
    assertTrue(fields.get(10).endsWith("/bin/audit"), fields.get(10));
    int redirect = fields.indexOf(">>");
    List<String> args = fields.subList(11, redirect);
    assertEquals(Path.of("/etc/trainaudit/audit.yaml"), configOf(args));
    assertEquals(List.of(">>", "/var/log/trainaudit/audit.log", "2>&1"), fields.subList(redirect, fields.size()));
    assertFalse(entries.get(0).contains("%"), "cron turns % into a newline");
  }

  @Test
  void aNightSkippedBecauseTheLockIsTakenExitsSevenNotOne(@TempDir Path dir) throws Exception {
    String entry = Files.readAllLines(CONF.resolve("schedulers/crontab")).stream()
        .filter(line -> line.matches("^[0-9*].*")).findFirst().orElseThrow();
    List<String> fields = Arrays.asList(entry.trim().split("\\s+"));
    List<String> flock = new ArrayList<>(fields.subList(5, fields.indexOf("/var/lock/trainaudit.lock")));
    String lock = dir.resolve("trainaudit.lock").toString();
    Process holder = new ProcessBuilder("flock", lock, "sleep", "60").start();
    try {
      int skipped = -1;
      for (int attempt = 0; attempt < 100 && skipped != 7; attempt++) {
        List<String> command = new ArrayList<>(flock);
        command.addAll(List.of(lock, "true"));
        skipped = new ProcessBuilder(command).start().waitFor();
        Thread.sleep(skipped == 0 ? 50 : 0);
      }
      assertEquals(7, skipped, "the crontab's flock, with the lock taken");
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  @Test
  void theScheduledSparkApplicationSubmitsTheShadedJarWithTheConfigMapMounted() throws IOException {
    Map<String, Object> application = yaml(CONF.resolve("schedulers/scheduled-spark-application.yaml"));
    assertEquals("sparkoperator.k8s.io/v1beta2", application.get("apiVersion"));
    assertEquals("ScheduledSparkApplication", application.get("kind"));
    Map<String, Object> spec = map(application, "spec");
    assertEquals(5, spec.get("schedule").toString().split(" ").length);
    assertEquals("Forbid", spec.get("concurrencyPolicy"));
    Map<String, Object> template = map(spec, "template");
    assertEquals("Java", template.get("type"));
    assertEquals("cluster", template.get("mode"));
    assertEquals(SPARK_VERSION, template.get("sparkVersion"));
    assertEquals(AuditCli.class.getName(), template.get("mainClass"));
    assertShadedJar(template.get("mainApplicationFile").toString());
    assertEquals(List.of("local:///opt/trainaudit/delta-spark_2.12-" + DELTA_VERSION + ".jar",
        "local:///opt/trainaudit/delta-storage-" + DELTA_VERSION + ".jar"), map(template, "deps").get("jars"));

    Map<String, Object> sparkConf = map(template, "sparkConf");
    sparkConf.forEach((key, value) -> assertTrue(value instanceof String, key + " must be a string for the operator"));
    assertDeltaAndJava17(sparkConf);
    assertEquals(Map.of("type", "Never"), template.get("restartPolicy"));

    Path config = configOf(strings(template.get("arguments")));
    Map<String, Object> driver = map(template, "driver");
    Map<String, Object> mount = maps(driver.get("volumeMounts")).get(0);
    assertEquals(config.getParent().toString(), mount.get("mountPath"));
    Map<String, Object> volume = maps(template.get("volumes")).get(0);
    assertEquals(mount.get("name"), volume.get("name"));
    assertEquals("trainaudit-config", map(volume, "configMap").get("name"));
    assertEquals("8g", driver.get("memory"));
    Map<String, Object> executor = map(template, "executor");
    assertEquals(List.of(16, 4, "16g"), List.of(executor.get("instances"), executor.get("cores"), executor.get("memory")));
  }

  @Test
  void theAirflowDagSubmitsTheShadedJarWithTheConfigShippedAlongside() throws IOException {
    String dag = Files.readString(CONF.resolve("schedulers/airflow_trainaudit_dag.py"));
    assertTrue(dag.contains("from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator"));
    assertTrue(dag.contains("SparkSubmitOperator("));
    assertShadedJar(keyword(dag, "application"));
    assertEquals(AuditCli.class.getName(), keyword(dag, "java_class"));
    assertEquals("cluster", keyword(dag, "deploy_mode"));
    assertEquals("io.delta:delta-spark_2.12:" + DELTA_VERSION, keyword(dag, "packages"));

    Path config = configOf(quoted(group(dag, "application_args=\\[([^\\]]*)\\]")));
    assertEquals(Path.of(keyword(dag, "files")).getFileName(), config,
        "the config is read from the driver's working directory, where --files puts it");

    List<String> javaOptions = quoted(group(dag, "JAVA_17_OPTIONS = \" \"\\.join\\(\\[([^\\]]*)\\]\\)"));
    assertEquals(jvmOptions(), javaOptions);
    Map<String, Object> conf = new java.util.TreeMap<>();
    Matcher entry = Pattern.compile("\"([^\"]+)\":\\s*(\"[^\"]*\"|JAVA_17_OPTIONS),")
        .matcher(group(dag, "conf=\\{([^}]*)\\}"));
    while (entry.find()) {
      String value = entry.group(2);
      conf.put(entry.group(1), value.equals("JAVA_17_OPTIONS") ? String.join(" ", javaOptions)
          : value.substring(1, value.length() - 1));
    }
    assertDeltaAndJava17(conf);
  }

  @Test
  void theDatabricksJobRunsTheShadedJarNightlyInUtc() throws IOException {
    JsonNode job = new ObjectMapper().readTree(CONF.resolve("schedulers/databricks-job.json").toFile());
    assertEquals(1, job.path("max_concurrent_runs").asInt());
    JsonNode schedule = job.path("schedule");
    assertEquals("0 30 2 * * ?", schedule.path("quartz_cron_expression").asText());
    assertEquals("UTC", schedule.path("timezone_id").asText());
    assertEquals("UNPAUSED", schedule.path("pause_status").asText());

    assertEquals(1, job.path("tasks").size());
    JsonNode task = job.path("tasks").get(0);
    JsonNode jarTask = task.path("spark_jar_task");
    assertEquals(AuditCli.class.getName(), jarTask.path("main_class_name").asText());
    List<String> parameters = new ArrayList<>();
    jarTask.path("parameters").forEach(p -> parameters.add(p.asText()));
    assertTrue(configOf(parameters).startsWith("/Volumes/"), parameters.toString());

    // Delta is built into the Databricks runtime: the job brings only the auditor's jar.
    assertEquals(1, task.path("libraries").size());
    assertEquals(List.of("jar"), fieldNames(task.path("libraries").get(0)));
    assertShadedJar(task.path("libraries").get(0).path("jar").asText());

    JsonNode cluster = task.path("new_cluster");
    assertTrue(cluster.path("spark_version").asText().matches("\\d+\\.\\d+\\.x-scala2\\.12"),
        cluster.path("spark_version").asText());
    assertFalse(cluster.path("node_type_id").asText().isBlank());
    assertEquals("zulu17-ca-amd64", cluster.path("spark_env_vars").path("JNAME").asText(),
        "the auditor is built for Java 17");
    assertEquals(0, task.path("max_retries").asInt());
  }

  /** Parses the arguments with the auditor's own command line: {@code run --config FILE}, incremental. */
  private static Path configOf(List<String> args) {
    CommandLine.ParseResult parsed = new CommandLine(new AuditCli()).parseArgs(args.toArray(String[]::new));
    assertTrue(parsed.hasSubcommand(), "no command in " + args);
    CommandLine.ParseResult run = parsed.subcommand();
    assertEquals("run", run.commandSpec().name());
    assertTrue(run.hasMatchedOption("--config"), "no --config in " + args);
    assertFalse(run.hasMatchedOption("--full"), "a nightly run is incremental: " + args);
    assertEquals(3, args.size(), "unexpected arguments in " + args);
    return run.matchedOptionValue("--config", null);
  }

  private static void assertShadedJar(String location) {
    String name = location.substring(location.lastIndexOf('/') + 1);
    assertTrue(SHADED_JAR.matcher(name).matches(), "not the -spark.jar mvn package builds: " + location);
  }

  private static void assertDeltaAndJava17(Map<String, Object> sparkConf) throws IOException {
    assertEquals("io.delta.sql.DeltaSparkSessionExtension", sparkConf.get("spark.sql.extensions"));
    assertEquals("org.apache.spark.sql.delta.catalog.DeltaCatalog", sparkConf.get("spark.sql.catalog.spark_catalog"));
    String options = String.join(" ", jvmOptions());
    assertEquals(options, sparkConf.get("spark.driver.extraJavaOptions"));
    assertEquals(options, sparkConf.get("spark.executor.extraJavaOptions"));
    assertEquals("4", sparkConf.get("spark.task.maxFailures"));
  }

  /** The flags of conf/jvm.options, which bin/audit passes. */
  private static List<String> jvmOptions() throws IOException {
    return Files.readAllLines(CONF.resolve("jvm.options")).stream().map(String::trim)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
  }

  private static String keyword(String python, String name) {
    return group(python, "\\b" + name + "=\"([^\"]*)\"");
  }

  private static String group(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertTrue(matcher.find(), "no match for " + regex);
    String found = matcher.group(1);
    assertFalse(matcher.find(), "more than one match for " + regex);
    return found;
  }

  private static List<String> quoted(String pythonList) {
    List<String> values = new ArrayList<>();
    Matcher matcher = Pattern.compile("\"([^\"]*)\"").matcher(pythonList);
    while (matcher.find()) {
      values.add(matcher.group(1));
    }
    return values;
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    assertTrue(parent.get(key) instanceof Map, key + " is not a mapping");
    return (Map<String, Object>) parent.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(Object list) {
    return (List<Map<String, Object>>) list;
  }

  private static List<String> strings(Object list) {
    return ((List<?>) list).stream().map(String::valueOf).toList();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
