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
import java.time.Duration;
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
    Process holder = new ProcessBuilder("flock", lock, "sh", "-c", "echo locked; exec sleep 60").start();
    try {
      LineWatcher.watch("the lock holder", holder.getInputStream(), dir.resolve("holder.log"))
          .await("locked"::equals, 1, Duration.ofSeconds(30));
      List<String> command = new ArrayList<>(flock);
      command.addAll(List.of(lock, "true"));
      assertEquals(7, new ProcessBuilder(command).start().waitFor(), "the crontab's flock, with the lock taken");
    } finally {
      ChildJvm.kill(holder);
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

  @Test
  void theGateDagRunsGateCleanRegateVerifyTrainAuditWithTheAuditorsRealCommandLines() throws Exception {
    assumePython();
    String clearance = "/clearances/snap-2026-06-01/gate-1.clearance.json";
    Path stub = Path.of(SchedulerTemplatesTest.class.getResource("airflow_stub.py").toURI());
    JsonNode dag = new ObjectMapper().readTree(python(stub.toString(),
        CONF.resolve("schedulers/airflow_trainaudit_gate_dag.py").toString(), "snap-2026-06-01", clearance));
    JsonNode settings = dag.path("dags").get(0);
    assertEquals("trainaudit_gate_then_train", settings.path("dag_id").asText());
    assertTrue(settings.path("schedule").isNull(), "triggered once per candidate, not on a schedule");
    assertEquals(1, settings.path("max_active_runs").asInt());
    assertEquals("string", settings.at("/params/snapshot_id/type").asText());

    JsonNode tasks = dag.path("tasks");
    Map<String, List<String>> upstream = new java.util.TreeMap<>();
    tasks.fields().forEachRemaining(t -> upstream.put(t.getKey(), strings(t.getValue().path("upstream"))));
    assertEquals(Map.of("gate", List.of(), "clean_candidate", List.of("gate"), "regate", List.of("clean_candidate"),
        "verify_clearance", List.of("gate", "regate"), "train", List.of("verify_clearance"),
        "audit", List.of("train")), upstream);
    // Exit 1 of the first gate skips it, and only a skipped gate runs the cleaning; the regate fails on anything but 0.
    assertEquals(1, tasks.at("/gate/kwargs/skip_on_exit_code").asInt());
    assertTrue(tasks.at("/regate/kwargs/skip_on_exit_code").isMissingNode());
    assertEquals("all_skipped", tasks.at("/clean_candidate/kwargs/trigger_rule").asText());
    assertEquals("one_success", tasks.at("/verify_clearance/kwargs/trigger_rule").asText());
    for (String task : List.of("gate", "regate", "train", "audit")) {
      assertTrue(tasks.path(task).at("/kwargs/trigger_rule").isMissingNode(), task + " runs only after success");
    }

    for (String gate : List.of("gate", "regate")) {
      CommandLine.ParseResult parsed = auditor(tasks.path(gate));
      assertEquals("gate", parsed.commandSpec().name());
      assertEquals("snap-2026-06-01", parsed.matchedOptionValue("--snapshot", null));
      assertEquals(Path.of("/opt/trainaudit/conf/audit.yaml"), parsed.matchedOptionValue("--config", null));
    }
    CommandLine.ParseResult verify = auditor(tasks.path("verify_clearance"));
    assertEquals("verify", verify.commandSpec().name());
    assertEquals(List.of(clearance), verify.matchedPositional(0).stringValues());
    assertEquals(Path.of("/opt/trainaudit/conf/audit.yaml"), verify.matchedOptionValue("--snapshot-of", null));
    assertTrue(verify.hasMatchedOption("--public-key"));
    List<String> train = strings(tasks.at("/train/rendered_argv"));
    assertEquals(List.of("--snapshot", "snap-2026-06-01", "--clearance", clearance), train.subList(1, train.size()));

    JsonNode clean = tasks.at("/clean_candidate/kwargs");
    assertTrue(clean.path("application").asText().endsWith("/gate_pipeline.py"), clean.toString());
    JsonNode cleaning = pipelineArguments(strings(clean.path("application_args")));
    assertEquals("clean", cleaning.path("step").asText());
    assertEquals("{{ params.snapshot_id }}", cleaning.path("snapshot").asText());
    assertDeltaAndJava17(toMap(clean.path("conf")));

    JsonNode audit = tasks.at("/audit/kwargs");
    assertEquals(AuditCli.class.getName(), audit.path("java_class").asText());
    assertShadedJar(audit.path("application").asText());
    assertEquals(Path.of(audit.path("files").asText()).getFileName(), configOf(strings(audit.path("application_args"))));
    assertDeltaAndJava17(toMap(audit.path("conf")));
  }

  @Test
  void theDatabricksGateJobRunsTheSameSequenceWithTheAuditorsRealCommandLines() throws Exception {
    assumePython();
    JsonNode job = new ObjectMapper().readTree(CONF.resolve("schedulers/databricks-gate-job.json").toFile());
    assertEquals(1, job.path("max_concurrent_runs").asInt());
    assertEquals("snapshot_id", job.at("/parameters/0/name").asText());
    JsonNode cluster = job.at("/job_clusters/0/new_cluster");
    assertEquals("zulu17-ca-amd64", cluster.path("spark_env_vars").path("JNAME").asText());
    assertTrue(cluster.path("spark_version").asText().matches("\\d+\\.\\d+\\.x-scala2\\.12"));

    Map<String, JsonNode> tasks = new java.util.LinkedHashMap<>();
    Map<String, String> flow = new java.util.TreeMap<>();
    for (JsonNode task : job.path("tasks")) {
      String key = task.path("task_key").asText();
      tasks.put(key, task);
      List<String> after = new ArrayList<>();
      task.path("depends_on").forEach(d -> after.add(d.path("task_key").asText()));
      flow.put(key, after + " " + task.path("run_if").asText("ALL_SUCCESS"));
      assertEquals(0, task.path("max_retries").asInt(), key);
    }
    // A failed first gate (exit 1) runs the cleaning; an excluded task counts as succeeded downstream.
    assertEquals(Map.of("gate", "[] ALL_SUCCESS", "clean_candidate", "[gate] AT_LEAST_ONE_FAILED",
        "regate", "[clean_candidate] ALL_SUCCESS", "find_clearance", "[gate, regate] AT_LEAST_ONE_SUCCESS",
        "verify_clearance", "[find_clearance] ALL_SUCCESS", "train", "[verify_clearance] ALL_SUCCESS",
        "audit", "[train] ALL_SUCCESS"), flow);

    for (String key : List.of("gate", "regate", "verify_clearance", "audit")) {
      JsonNode jarTask = tasks.get(key).path("spark_jar_task");
      assertEquals(AuditCli.class.getName(), jarTask.path("main_class_name").asText());
      assertShadedJar(tasks.get(key).at("/libraries/0/jar").asText());
    }
    for (String key : List.of("gate", "regate")) {
      CommandLine.ParseResult gate = subcommand(strings(tasks.get(key).at("/spark_jar_task/parameters")));
      assertEquals("gate", gate.commandSpec().name());
      assertEquals("{{job.parameters.snapshot_id}}", gate.matchedOptionValue("--snapshot", null));
    }
    CommandLine.ParseResult verify = subcommand(strings(tasks.get("verify_clearance").at("/spark_jar_task/parameters")));
    assertEquals("verify", verify.commandSpec().name());
    String clearance = "{{tasks.find_clearance.values.clearance_file}}";
    assertEquals(List.of(clearance), verify.matchedPositional(0).stringValues());
    assertTrue(verify.hasMatchedOption("--snapshot-of") && verify.hasMatchedOption("--public-key"));
    assertEquals(clearance, tasks.get("train").at("/notebook_task/base_parameters/clearance_file").asText());
    assertTrue(configOf(strings(tasks.get("audit").at("/spark_jar_task/parameters"))).startsWith("/Volumes/"));

    assertEquals("clean", pipelineArguments(strings(
        tasks.get("clean_candidate").at("/spark_python_task/parameters"))).path("step").asText());
    assertEquals("clearance", pipelineArguments(strings(
        tasks.get("find_clearance").at("/spark_python_task/parameters"))).path("step").asText());
    for (String key : List.of("clean_candidate", "find_clearance")) {
      assertTrue(tasks.get(key).at("/spark_python_task/python_file").asText().endsWith("/gate_pipeline.py"));
    }
  }

  /** The auditor's arguments of a spark-submit command line (those after the jar), rendered, parsed by its real command line. */
  private static CommandLine.ParseResult auditor(JsonNode task) throws IOException {
    List<String> argv = strings(task.path("rendered_argv"));
    assertEquals(List.of("spark-submit", "--master", "yarn", "--deploy-mode", "client"), argv.subList(0, 5),
        "the task needs the auditor's exit code and last line: client deploy mode");
    Map<String, Object> conf = new java.util.TreeMap<>();
    for (int i = 0; i < argv.size() - 1; i++) {
      if (argv.get(i).equals("--conf")) {
        String[] pair = argv.get(i + 1).split("=", 2);
        conf.put(pair[0], pair[1]);
      }
    }
    assertDeltaAndJava17(conf);
    assertEquals(AuditCli.class.getName(), argv.get(argv.indexOf("--class") + 1));
    int jar = 0;
    while (!SHADED_JAR.matcher(argv.get(jar).substring(argv.get(jar).lastIndexOf('/') + 1)).matches()) {
      jar++;
    }
    return subcommand(argv.subList(jar + 1, argv.size()));
  }

  private static CommandLine.ParseResult subcommand(List<String> args) {
    CommandLine.ParseResult parsed = new CommandLine(new AuditCli()).parseArgs(args.toArray(String[]::new));
    assertTrue(parsed.hasSubcommand(), "no command in " + args);
    return parsed.subcommand();
  }

  /** The arguments as conf/schedulers/gate_pipeline.py's own parser reads them (it needs no Spark for that). */
  private static JsonNode pipelineArguments(List<String> args) throws Exception {
    String script = "import importlib.util, json, sys\n"
        + "spec = importlib.util.spec_from_file_location('gate_pipeline', sys.argv[1])\n"
        + "module = importlib.util.module_from_spec(spec)\n"
        + "spec.loader.exec_module(module)\n"
        + "print(json.dumps(vars(module.parser().parse_args(json.loads(sys.argv[2])))))\n";
    return new ObjectMapper().readTree(python("-c", script, CONF.resolve("schedulers/gate_pipeline.py").toString(),
        new ObjectMapper().writeValueAsString(args)));
  }

  private static String python(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("python3"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), err);
    return out;
  }

  private static void assumePython() {
    // Outside CI a machine without python3 skips these; CI has it (Debian's jupyter-nbconvert brings it).
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3"))
        || "true".equals(System.getenv("CI")), "python3 is not installed");
  }

  private static Map<String, Object> toMap(JsonNode object) {
    Map<String, Object> map = new java.util.TreeMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
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
