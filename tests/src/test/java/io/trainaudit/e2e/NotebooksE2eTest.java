package io.trainaudit.e2e;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainaudit.TestSpark;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.notebooks.NbformatSchema;
import io.trainaudit.notebooks.Notebook;
import io.trainaudit.notebooks.NotebookExecutor;
import io.trainaudit.notebooks.NotebookJson;
import io.trainaudit.notebooks.NotebookSession;
import io.trainaudit.report.RunReport;
import io.trainaudit.rules.Severity;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.AuditRuns;
import io.trainaudit.tables.ConsentEvents;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The notebooks in {@code notebooks/} are executed the way a reader runs them: on a freshly
 * generated data set audited twice by the real command line (the second run with
 * {@code output.notebooks} set, as a nightly run would), every SQL cell in order on the executor's
 * own {@link NotebookSession}, the parameter cell filled from the config. Each code cell must run
 * and return exactly the columns its metadata ({@code trainaudit.expect_columns}) promises; a cell
 * without that promise fails the test, so no cell goes unchecked. Where the data set fixes the
 * answer, the results are checked against the audit's own outputs.
 *
 * <p>Then {@code bin/audit notebooks} writes the executed notebooks: each validates against the
 * nbformat 4.5 JSON schema, Debian's {@code jupyter nbconvert --to html} converts each (skipped,
 * with the reason, on a machine without it, except in CI), the overview's tables agree with the
 * run's summary.json, and a failing cell gives an nbformat error output and exit 12.
 */
@Tag("e2e")
class NotebooksE2eTest {
  private static final Path NOTEBOOKS = Path.of("..", "notebooks").toAbsolutePath().normalize();
  private static final Set<String> NOTEBOOK_FILES =
      Set.of("overview.ipynb", "member_drilldown.ipynb", "trends.ipynb", "data_quality.ipynb", "model_impact.ipynb");
  private static final String SQL_MAGIC = "%%sql";
  private static final String PARAMETERS_TAG = "parameters";
  /** The folder of {@code bin/audit demo} as the notebooks ship; a reader replaces it with theirs. */
  private static final String DEMO_PLACEHOLDER = "/path/to/demo";
  private static final String MEMBER_PARAMETER = "SET trainaudit.member_id = ";
  private static final String MEMBER_PLACEHOLDER = MEMBER_PARAMETER + "m000000001;";
  private static final Pattern RUN_ID = Pattern.compile("\\(run (run-[^)]+)\\)");
  private static final Path NBCONVERT = Path.of("/usr/bin/jupyter-nbconvert");
  private static final Pattern TABLE_ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
  private static final Pattern TABLE_CELL = Pattern.compile("<t[hd][^>]*>(.*?)</t[hd]>", Pattern.DOTALL);
  private static final String RESULT_TABLE = "<table class=\"dataframe\">";

  @TempDir static Path dir;
  private static SparkSession spark;
  private static JsonNode planted;
  private static List<String> runIds;
  private static JsonNode latestSummary;
  private static String member;
  private static AuditConfig config;
  /** Where {@code bin/audit notebooks} wrote by default, and what it printed. */
  private static Path executed;
  private static Cli.Outcome notebooksCommand;

  @BeforeAll
  static void generateAuditTwiceAndExecuteTheNotebooks() throws IOException {
    spark = TestSpark.session();
    planted = GeneratedData.shared(dir);
    Path configFile = GeneratedData.config(dir, "audit.yaml", "policy: {opt_out_mode: use_time}");
    // the same tables and outputs; its runs also execute the notebooks, as a nightly run may
    Path nightly = GeneratedData.config(dir, "nightly.yaml", "policy: {opt_out_mode: use_time}",
        "output: {notebooks: nightly-notebooks}");
    runIds = new ArrayList<>();
    for (Path runConfig : List.of(configFile, nightly)) {
      Cli.Outcome audited = Cli.run("run", "--config", runConfig.toString(), "--full");
      assertEquals(1, audited.exitCode(), audited.err());
      Matcher runId = RUN_ID.matcher(audited.out());
      assertTrue(runId.find(), audited.out());
      runIds.add(runId.group(1));
    }
    latestSummary = new ObjectMapper().readTree(dir.resolve("out/reports/" + runIds.get(1) + "/summary.json").toFile());
    member = findings()
        .where(col(Findings.RULE_ID).equalTo(lit(RuleId.OPT_OUT_GENERATIVE.name())))
        .agg(min(Findings.MEMBER_ID))
        .first()
        .getString(0);
    config = ConfigLoader.load(configFile);

    notebooksCommand = Cli.run("notebooks", "--config", configFile.toString());
    assertEquals(0, notebooksCommand.exitCode(), notebooksCommand.err());
    executed = dir.resolve("out/reports").resolve(runIds.get(1)).resolve(NotebookExecutor.FOLDER);
  }

  @Test
  void theFolderHoldsExactlyTheTestedNotebooks() throws IOException {
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      assertEquals(new TreeSet<>(NOTEBOOK_FILES),
          files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".ipynb")).collect(Collectors.toCollection(TreeSet::new)));
    }
    assertEquals(new TreeSet<>(NOTEBOOK_FILES), new TreeSet<>(NotebookExecutor.SHIPPED), "the notebooks the jar ships");
  }

  @ParameterizedTest
  @ValueSource(strings = {"overview.ipynb", "member_drilldown.ipynb", "trends.ipynb", "data_quality.ipynb",
      "model_impact.ipynb"})
  void everyNotebookIsAnNbformat4SqlNotebookWithOneParameterCell(String file) throws IOException {
    JsonNode notebook = read(file);
    assertEquals(4, notebook.path("nbformat").asInt(), file + ": nbformat");
    assertEquals("python3", notebook.at("/metadata/kernelspec/name").asText(), file + ": kernelspec");
    assertEquals("sql", notebook.at("/metadata/language_info/name").asText(), file + ": language_info");
    List<JsonNode> cells = cells(notebook);
    assertEquals("markdown", cells.get(0).path("cell_type").asText(), file + ": the first cell says whom it is for");
    assertTrue(source(cells.get(0)).contains("**For:**"), file + ": the first cell names its readers");
    assertTrue(source(cells.get(0)).contains("bin/audit demo"), file + ": the first cell says how to open it on the demo");
    assertTrue(source(cells.get(0)).contains("bin/audit notebooks --config"),
        file + ": the first cell says how to get it executed with one command");

    List<JsonNode> code = cells.stream().filter(c -> c.path("cell_type").asText().equals("code")).toList();
    assertTrue(isParameterCell(code.get(0)), file + ": the first code cell is the parameter cell");
    assertEquals(1, code.stream().filter(NotebooksE2eTest::isParameterCell).count(), file + ": one parameter cell");
    for (JsonNode cell : cells) {
      String type = cell.path("cell_type").asText();
      assertTrue(Set.of("markdown", "code").contains(type), file + ": cell type " + type);
      assertTrue(cell.path("source").isArray(), file + ": source as a list of lines");
      assertTrue(cell.path("metadata").isObject(), file + ": cell metadata");
      assertTrue(cell.path("id").isTextual(), file + ": cell id (nbformat 4.5)");
      if (type.equals("code")) {
        assertTrue(cell.path("outputs").isArray() && cell.path("outputs").isEmpty(), file + ": shipped without outputs");
        assertTrue(source(cell).startsWith(SQL_MAGIC + "\n"), file + ": code cell not opening with %%sql: " + source(cell));
        assertTrue(cell.at("/metadata/trainaudit/expect_columns").isArray(),
            file + ": code cell without trainaudit.expect_columns in its metadata: " + source(cell));
        if (isParameterCell(cell)) {
          assertTrue(source(cell).contains(DEMO_PLACEHOLDER), file + ": the parameter cell names the demo's locations");
          assertTrue(!source(cell).contains(MEMBER_PARAMETER) || source(cell).contains(MEMBER_PLACEHOLDER),
              file + ": member parameter as shipped");
        } else {
          assertFalse(source(cell).contains(DEMO_PLACEHOLDER), file + ": a location outside the parameter cell: " + source(cell));
          assertFalse(source(cell).replace("delta.`${trainaudit.", "").contains("delta.`"),
              file + ": a table read by path instead of through a parameter: " + source(cell));
        }
      }
    }
  }

  @Test
  void overviewShowsTheLatestRunsVerdictAndItsFindingsByRuleRegionAndSnapshot() {
    List<Cell> cells = execute("overview.ipynb");
    long violations = latestSummary.at("/findings_by_severity/violation").asLong();
    long unverifiable = latestSummary.at("/findings_by_severity/unverifiable").asLong();

    Row verdict = single(cell(cells, "reconciled"));
    assertEquals(runIds.get(1), verdict.getAs(AuditRuns.RUN_ID));
    assertEquals("VIOLATIONS_FOUND", verdict.getAs(AuditRuns.CONCLUSION));
    assertEquals(true, verdict.getAs("reconciled"));
    assertEquals(planted.at("/training_rows").asLong(), verdict.<Long>getAs(AuditRuns.ROWS_READ).longValue());
    assertEquals(violations, verdict.<Long>getAs(AuditRuns.VIOLATIONS).longValue());

    assertEquals(violations + unverifiable, total(cell(cells, "open_findings", "new_in_latest_run"), "open_findings"));
    assertEquals(0L, total(cell(cells, "open_findings", "new_in_latest_run"), "new_in_latest_run"), "the second run finds nothing new");
    assertEquals(violations, total(cell(cells, "members_with_violations"), "violations"));
    assertEquals(unverifiable, total(cell(cells, "members_with_violations"), "unverifiable"));
    assertEquals(violations + unverifiable, total(cell(cells, "region_group", "open_findings"), "open_findings"));
    Map<String, String> everyRule = new TreeMap<>();
    cell(cells, "checked_in_latest_run").collectAsList().forEach(r -> everyRule.put(r.getAs(Findings.RULE_ID),
        r.getAs("checked_in_latest_run") + " " + r.getAs("open_findings")));
    Map<String, String> summarised = new TreeMap<>();
    latestSummary.path("findings_by_rule").fields()
        .forEachRemaining(e -> summarised.put(e.getKey(), "yes " + e.getValue().path("count").asLong()));
    assertEquals(RuleId.ids(), everyRule.keySet(), "every rule is listed");
    assertEquals(summarised, everyRule, "every rule checked, with the report's counts");
    Dataset<Row> bySnapshot = cell(cells, "records_with_violations_pct");
    assertEquals(planted.at("/snapshots").size(), bySnapshot.count());
    assertEquals(violations, total(bySnapshot, "violations"));
    assertEquals(unverifiable, total(bySnapshot, "unverifiable"));
  }

  @Test
  void drillDownShowsEveryFindingAndTheTimelineOfTheMemberInTheParameterCell() {
    List<Cell> cells = execute("member_drilldown.ipynb");

    Row facts = single(cell(cells, "in_members_table"));
    assertEquals(member, facts.getAs(Findings.MEMBER_ID));
    long memberFindings = findings()
        .where(col(Findings.MEMBER_ID).equalTo(lit(member))
            .or(get_json_object(col(Findings.EVIDENCE), "$.snapshot_member_id").equalTo(lit(member))))
        .count();
    Dataset<Row> memberFindingRows = cell(cells, "evidence");
    assertEquals(memberFindings, memberFindingRows.count());
    assertTrue(memberFindingRows.where(col(Findings.RULE_ID).equalTo(lit(RuleId.OPT_OUT_GENERATIVE.name()))).count() > 0,
        "the member was chosen for an opt-out finding");

    Dataset<Row> timeline = cell(cells, "kind", "subject");
    long consentEvents = spark.read().format("delta").load(dir.resolve("data/consent_events").toString())
        .where(col(ConsentEvents.MEMBER_ID).equalTo(lit(member)))
        .count();
    assertEquals(consentEvents, timeline.where(col("kind").equalTo(lit("consent"))).count());
    assertEquals(0L, timeline.where(col("at").isNull()).count(), "every timeline entry is dated");
  }

  @Test
  void trendsShowFindingsOverRunsAndTheTimeFromOptOutToFirstViolation() {
    List<Cell> cells = execute("trends.ipynb");
    long violations = latestSummary.at("/findings_by_severity/violation").asLong();

    Dataset<Row> runs = cell(cells, "duration_seconds");
    assertEquals(runIds, runs.select(AuditRuns.RUN_ID).collectAsList().stream().map(r -> r.getString(0)).toList());
    List<Row> changes = cell(cells, "new_violations").collectAsList();
    assertEquals(2, changes.size());
    assertEquals(violations, changes.get(0).<Long>getAs("new_violations").longValue());
    assertEquals(0L, changes.get(1).<Long>getAs("new_violations").longValue());
    assertEquals(0L, changes.get(1).<Long>getAs("retracted_violations").longValue());

    // the notebook reads the opt-out instant from consent_events; the audit wrote it into each finding's evidence
    Dataset<Row> delays = cell(cells, "days_to_first_violation");
    Dataset<Row> optOutFindings = findings()
        .where(col(Findings.RULE_ID).isin(RuleId.OPT_OUT_GENERATIVE.name(), RuleId.OBJECTION_NON_GENERATIVE.name()));
    long membersAndRules = optOutFindings.select(Findings.MEMBER_ID, Findings.RULE_ID).distinct().count();
    assertEquals(membersAndRules, delays.count());
    Dataset<Row> firstFindings = delays.as("d")
        .join(optOutFindings.as("f"),
            col("d.member_id").equalTo(col("f." + Findings.MEMBER_ID))
                .and(col("d.rule_id").equalTo(col("f." + Findings.RULE_ID)))
                .and(col("d.first_violation_snapshot_id").equalTo(col("f." + Findings.SNAPSHOT_ID))));
    assertEquals(membersAndRules, firstFindings.select("d.member_id", "d.rule_id").distinct().count());
    Dataset<Row> disagreeing = firstFindings
        .where(get_json_object(col("f." + Findings.EVIDENCE), "$.opted_out_since").cast("timestamp")
            .eqNullSafe(col("d.opted_out_at")).unary_$bang());
    assertEquals(0L, disagreeing.count(), "opt-out instants disagreeing with the audit's evidence");
    assertEquals(0L, delays.where(col("days_to_first_violation").lt(0)).count());
    assertEquals(membersAndRules, total(cell(cells, "median_days"), "members"));
  }

  @Test
  void modelImpactShowsTheLatestRunsRowsOfOutputModelImpact() {
    List<Cell> cells = execute("model_impact.ipynb");
    Row lineage = cell(cells, "model_lineage").first();
    assertEquals(runIds.get(1), lineage.getAs("run_id"));
    assertEquals("model_trainings version " + latestSummary.at("/input_versions/model_trainings").asLong(),
        lineage.getAs("model_lineage"));
    List<String> expected = new ArrayList<>();
    latestSummary.at("/model_lineage/model_impact").forEach(r -> expected.add(String.join("|",
        r.get("model_id").asText(), r.get("model_version").asText(), r.get("rule_id").asText(),
        r.get("severity").asText(), r.get("findings").asText(), r.get("members").asText(), r.get("records").asText(),
        r.get("first_snapshot_id").asText(), r.get("last_snapshot_id").asText())));
    List<String> shown = cell(cells, "rule_id", "first_snapshot_id").collectAsList().stream()
        .map(r -> String.join("|", r.getString(0), r.getString(1), r.getString(2), r.getString(3),
            String.valueOf(r.getLong(4)), String.valueOf(r.getLong(5)), String.valueOf(r.getLong(6)), r.getString(7),
            r.getString(8)))
        .toList();
    assertEquals(expected.stream().sorted().toList(), shown.stream().sorted().toList());
    assertTrue(!expected.isEmpty(), "the generated models took in findings");
    assertEquals(latestSummary.at("/findings_by_severity/violation").asLong() > 0,
        cell(cells, "rules_broken").count() > 0);
    List<Row> reached = cell(cells, "most_taken_in_by_one_version").collectAsList();
    assertTrue(!reached.isEmpty());
    for (Row rule : reached) {
      assertEquals(latestSummary.at("/findings_by_rule/" + rule.getString(0) + "/count").asLong(), rule.getLong(1),
          "the open findings after a full run are its findings: " + rule.getString(0));
      assertTrue(rule.getLong(2) <= rule.getLong(1), rule.toString());
    }
  }

  /**
   * The notebooks above read a findings table with deletion vectors enabled: Delta plans every scan
   * of such a table through its deletion-vector rule, which refuses a table snapshot that is not
   * pinned ("Cannot work with a non-pinned table snapshot"), whether or not a file has one yet.
   */
  @Test
  void theFindingsTableTheNotebooksReadHasDeletionVectorsEnabled() {
    Dataset<Row> log = spark.read().json(dir.resolve("out/findings/_delta_log/*.json").toString());
    assertEquals("true", log.where(col("metaData").isNotNull()).select("metaData.configuration")
        .first().getStruct(0).getAs("delta.enableDeletionVectors"));
    assertEquals(List.of("deletionVectors"), log.where(col("protocol").isNotNull())
        .select("protocol.readerFeatures").first().getList(0));
  }

  @Test
  void dataQualityShowsQuarantineReasonsUnverifiableCountsAndInputVersions() {
    List<Cell> cells = execute("data_quality.ipynb");

    Map<String, Long> quarantined = new TreeMap<>();
    for (Row row : cell(cells, "reason_kind").groupBy("table_name").agg(sum("rows")).collectAsList()) {
      quarantined.put(row.getString(0), row.getLong(1));
    }
    Map<String, Long> invalid = new TreeMap<>();
    planted.path("invalid_rows").fields().forEachRemaining(e -> invalid.put(e.getKey(), e.getValue().asLong()));
    assertEquals(invalid, quarantined);
    assertEquals(invalid.values().stream().mapToLong(Long::longValue).sum(),
        total(cell(cells, "started_at", "table_name", "rows"), "rows"), "a second run quarantines nothing again");

    assertEquals(latestSummary.at("/findings_by_severity/unverifiable").asLong(),
        total(cell(cells, "missing_evidence"), "unverifiable"));

    Dataset<Row> versions = cell(cells, "delta_version");
    assertEquals(2L * latestSummary.path("input_versions").size(), versions.count());
    assertEquals(InputTable.values().length, latestSummary.path("input_versions").size(), "the optional table too");
    assertEquals(0L, versions.where(col("changed_since_previous_run")).count());
    for (InputTable table : InputTable.required()) {
      Cell history = cells.stream()
          .filter(c -> c.sql().contains("DESCRIBE HISTORY delta.`${trainaudit." + table.tableName() + "}`"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no history cell for " + table.tableName()));
      assertEquals(latestSummary.at("/input_versions/" + table.tableName()).asLong(),
          history.result().agg(max("version")).first().getLong(0),
          "the latest version of " + table.tableName() + " is the one the audit read");
    }
  }

  @Test
  void theNotebooksCommandWritesEveryNotebookExecutedBesideTheLatestReport() throws IOException {
    String defaultMember = findings()
        .where(col(Findings.SEVERITY).equalTo(lit(Severity.VIOLATION.value())))
        .agg(min(Findings.MEMBER_ID)).first().getString(0);
    List<String> printed = new ArrayList<>(List.of(
        "Notebooks of run " + runIds.get(1) + " (member " + defaultMember + ") in " + executed));
    for (String file : NotebookExecutor.SHIPPED) {
      String stem = file.replace(".ipynb", "");
      long codeCells = cells(read(file)).stream().filter(c -> c.path("cell_type").asText().equals("code")).count();
      printed.add(String.format("  %-24s %s, %s: %d cells run", file, stem + ".ipynb", stem + ".html", codeCells));
    }
    assertEquals(String.join("\n", printed) + "\n", notebooksCommand.out());
    assertTrue(Files.isRegularFile(executed.resolveSibling(RunReport.HTML_FILE)), "beside the run's report");

    for (String file : NotebookExecutor.SHIPPED) {
      JsonNode notebook = new ObjectMapper().readTree(executed.resolve(file).toFile());
      assertExecuted(file, notebook, runIds.get(1), defaultMember);
      String page = readString(executed.resolve(file.replace(".ipynb", ".html")));
      long results = StreamSupport.stream(notebook.path("cells").spliterator(), false)
          .filter(c -> c.path("outputs").size() > 0).count();
      assertEquals(results, occurrences(page, RESULT_TABLE), file + ": one table per executed cell in the page");
      assertFalse(page.contains("<script") || page.contains("http://") || page.contains("https://"), file + ": standalone");
      assertTrue(page.contains("SET trainaudit.findings = " + dir.resolve("out/findings") + ";"),
          file + ": the page shows the locations used");
      assertFalse(page.contains("SET trainaudit.findings = " + DEMO_PLACEHOLDER), file + ": not the shipped ones");
    }
    JsonNode drilldown = new ObjectMapper().readTree(executed.resolve("member_drilldown.ipynb").toFile());
    assertEquals(defaultMember, htmlTables(drilldown).get(0).get(0).get(Findings.MEMBER_ID));
  }

  @Test
  void aNightlyRunWithOutputNotebooksExecutesThemIntoItsRunFolder() throws IOException {
    Path nightly = dir.resolve("nightly-notebooks").resolve(runIds.get(1));
    for (String file : NotebookExecutor.SHIPPED) {
      assertExecuted(file, new ObjectMapper().readTree(nightly.resolve(file).toFile()), runIds.get(1), null);
      assertTrue(Files.isRegularFile(nightly.resolve(file.replace(".ipynb", ".html"))), file);
    }
    assertFalse(Files.exists(dir.resolve("nightly-notebooks").resolve(runIds.get(0))), "the first run had none set");
  }

  @Test
  void theExecutedOverviewShowsTheReportsVerdictAndCountsByRule() throws IOException {
    List<List<Map<String, String>>> tables = htmlTables(new ObjectMapper().readTree(executed.resolve("overview.ipynb").toFile()));
    Map<String, String> verdict = tables.get(0).get(0);
    assertEquals(runIds.get(1), verdict.get(AuditRuns.RUN_ID));
    assertEquals(latestSummary.path("conclusion").asText(), verdict.get(AuditRuns.CONCLUSION));
    assertEquals(latestSummary.at("/findings_by_severity/violation").asText(), verdict.get(AuditRuns.VIOLATIONS));
    assertEquals(latestSummary.at("/findings_by_severity/unverifiable").asText(), verdict.get(AuditRuns.UNVERIFIABLE));
    assertEquals(latestSummary.at("/coverage/rows_read").asText(), verdict.get(AuditRuns.ROWS_READ));
    assertEquals("true", verdict.get("reconciled"));

    Map<String, String> byRule = new TreeMap<>();
    tables.get(1).forEach(row -> byRule.put(row.get(Findings.RULE_ID), row.get(Findings.SEVERITY) + " " + row.get("open_findings")));
    Map<String, String> reported = new TreeMap<>();
    latestSummary.path("findings_by_rule").fields().forEachRemaining(e -> {
      if (e.getValue().path("count").asLong() > 0) {
        reported.put(e.getKey(), e.getValue().path("severity").asText() + " " + e.getValue().path("count").asLong());
      }
    });
    assertFalse(reported.isEmpty());
    assertEquals(reported, byRule);
  }

  @Test
  void jupyterNbconvertConvertsEveryExecutedNotebookToHtml() throws Exception {
    // Outside CI a machine without Debian's jupyter-nbconvert skips this one test; CI installs it and must run it.
    assumeTrue(Files.isExecutable(NBCONVERT) || "true".equals(System.getenv("CI")),
        "Debian's jupyter-nbconvert is not installed (apt-get install jupyter-nbconvert): the nbconvert test is skipped");
    Path converted = Files.createDirectories(dir.resolve("nbconvert"));
    List<String> command = new ArrayList<>(List.of("/usr/bin/jupyter", "nbconvert", "--to", "html", "--output-dir",
        converted.toString()));
    NotebookExecutor.SHIPPED.forEach(file -> command.add(executed.resolve(file).toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("nbconvert.log").toFile()).start();
    assertTrue(process.waitFor(180, TimeUnit.SECONDS), "jupyter nbconvert did not finish in 180 s");
    String log = readString(dir.resolve("nbconvert.log"));
    assertEquals(0, process.exitValue(), log);
    for (String file : NotebookExecutor.SHIPPED) {
      JsonNode notebook = new ObjectMapper().readTree(executed.resolve(file).toFile());
      String html = readString(converted.resolve(file.replace(".ipynb", ".html")));
      assertEquals(htmlTables(notebook).size(), occurrences(html, RESULT_TABLE),
          file + ": every result table in nbconvert's page");
      Matcher firstRow = TABLE_ROW.matcher(text(notebook.at("/cells").findValue("text/html")));
      assertTrue(firstRow.find() && firstRow.find(), file);
      assertTrue(html.contains(firstRow.group()), file + ": the first row of its first table, escaped as written");
    }
    assertTrue(readString(converted.resolve("overview.html")).contains("<td>VIOLATIONS_FOUND</td>"));
  }

  @Test
  void aFailingCellWritesAnNbformatErrorAndExits12NamingTheNotebookAndCell() throws IOException {
    Path sources = Files.createDirectories(dir.resolve("broken"));
    ObjectNode overview = (ObjectNode) read("overview.ipynb");
    int broken = 5;
    ObjectNode cell = (ObjectNode) overview.path("cells").get(broken);
    assertTrue(source(cell).startsWith("%%sql\nWITH latest AS ("), source(cell));
    String sql = source(cell).replace("count(*) AS open_findings", "count(no_such_column) AS open_findings");
    cell.putArray("source").add(sql);
    Files.writeString(sources.resolve("overview.ipynb"), overview.toString());
    Path out = dir.resolve("broken-out");

    Cli.Outcome failed = Cli.run("notebooks", "--config", dir.resolve("audit.yaml").toString(), "--notebooks",
        sources.toString(), "--out", out.toString(), "--member-id", member);
    assertEquals(12, failed.exitCode(), failed.err());
    assertTrue(failed.err().startsWith("audit: Cannot execute notebook overview.ipynb: cell 5 (WITH latest AS ()"
        + " failed: [UNRESOLVED_COLUMN"), failed.err());
    assertTrue(failed.err().contains("no_such_column"), failed.err());
    assertTrue(failed.out().contains(String.format("  %-24s %s: FAILED at cell 5", "overview.ipynb",
        "overview.ipynb, overview.html")), failed.out());

    JsonNode executedBroken = new ObjectMapper().readTree(out.resolve("overview.ipynb").toFile());
    assertEquals(List.of(), NbformatSchema.problems(executedBroken));
    List<JsonNode> cells = cells(executedBroken);
    JsonNode failedCell = cells.get(broken + 1);  // after the injected cell
    assertEquals(sql, source(failedCell));
    JsonNode error = failedCell.at("/outputs/0");
    assertEquals(1, failedCell.path("outputs").size());
    assertEquals("error", error.path("output_type").asText());
    assertEquals("ExtendedAnalysisException", error.path("ename").asText(), "the exception as Spark throws it");
    assertTrue(error.path("evalue").asText().contains("no_such_column"), error.toString());
    assertEquals(3, failedCell.path("execution_count").asInt(), "injected 1, verdict 2, this 3");
    for (JsonNode later : cells.subList(broken + 2, cells.size())) {
      if (later.path("cell_type").asText().equals("code")) {
        assertTrue(later.path("execution_count").isNull() && later.path("outputs").isEmpty(), "not run after the error");
      }
    }
    assertTrue(readString(out.resolve("overview.html")).contains("<div class=\"error\">"));
  }

  @Test
  void anExecutedNotebookExecutedAgainGetsOneFreshInjectedCell() throws IOException {
    Path sources = Files.createDirectories(dir.resolve("again"));
    Files.copy(executed.resolve("overview.ipynb"), sources.resolve("overview.ipynb"));
    Path out = dir.resolve("again-out");
    Cli.Outcome again = Cli.run("notebooks", "--config", dir.resolve("audit.yaml").toString(), "--notebooks",
        sources.toString(), "--out", out.toString());
    assertEquals(0, again.exitCode(), again.err());
    assertExecuted("overview.ipynb", new ObjectMapper().readTree(out.resolve("overview.ipynb").toFile()), runIds.get(1),
        null);
  }

  /**
   * An executed notebook as the executor must write it: valid nbformat 4.5, the shipped parameter
   * cell unexecuted and followed by papermill's injected cell with the config's locations, every
   * other code cell run in order with one execute_result (HTML and plain text) of its count.
   */
  private static void assertExecuted(String file, JsonNode notebook, String runId, String memberId) {
    assertEquals(List.of(), NbformatSchema.problems(notebook), file);
    assertEquals(4, notebook.path("nbformat").asInt());
    assertEquals(5, notebook.path("nbformat_minor").asInt());
    assertEquals(runId, notebook.at("/metadata/trainaudit/execution/run_id").asText(), file);
    if (memberId != null) {
      assertEquals(memberId, notebook.at("/metadata/trainaudit/execution/member_id").asText(), file);
    }
    List<JsonNode> cells = cells(notebook);
    List<JsonNode> shipped = cells(read(file));
    assertEquals(shipped.size() + 1, cells.size(), file + ": one cell injected");
    int count = 0;
    boolean injectedNext = false;
    for (JsonNode cell : cells) {
      if (!cell.path("cell_type").asText().equals("code")) {
        continue;
      }
      if (isParameterCell(cell)) {
        assertTrue(cell.path("execution_count").isNull() && cell.path("outputs").isEmpty(), file + ": kept as shipped");
        injectedNext = true;
        continue;
      }
      count++;
      assertEquals(count, cell.path("execution_count").asInt(), file + ": execution order");
      if (injectedNext) {
        injectedNext = false;
        assertEquals("injected-parameters", cell.path("id").asText());
        assertEquals("[\"injected-parameters\"]", cell.at("/metadata/tags").toString());
        // Every notebook reads some output table; the injected cell sets it to the configured location.
        assertTrue(source(cell).contains(" = " + dir.resolve("out") + "/"), source(cell));
        assertFalse(source(cell).contains(DEMO_PLACEHOLDER), source(cell));
        continue;
      }
      assertEquals(1, cell.path("outputs").size(), file + ": " + source(cell));
      JsonNode result = cell.at("/outputs/0");
      assertEquals("execute_result", result.path("output_type").asText(), file + ": " + result);
      assertEquals(count, result.path("execution_count").asInt());
      assertTrue(text(result.at("/data/text~1html")).startsWith(RESULT_TABLE), file);
      assertTrue(text(result.at("/data/text~1plain")).contains(" | "), file);
    }
    assertFalse(injectedNext);
  }

  /** The result tables of an executed notebook, in order: rows as column name to value, as the HTML shows them. */
  private static List<List<Map<String, String>>> htmlTables(JsonNode notebook) {
    List<List<Map<String, String>>> tables = new ArrayList<>();
    for (JsonNode cell : notebook.path("cells")) {
      for (JsonNode output : cell.path("outputs")) {
        if (!output.path("output_type").asText().equals("execute_result")) {
          continue;
        }
        List<List<String>> rows = new ArrayList<>();
        Matcher row = TABLE_ROW.matcher(text(output.at("/data/text~1html")));
        while (row.find()) {
          List<String> values = new ArrayList<>();
          Matcher value = TABLE_CELL.matcher(row.group(1));
          while (value.find()) {
            values.add(unescape(value.group(1)));
          }
          rows.add(values);
        }
        List<Map<String, String>> table = new ArrayList<>();
        for (List<String> values : rows.subList(1, rows.size())) {
          Map<String, String> named = new LinkedHashMap<>();
          for (int i = 0; i < values.size(); i++) {
            named.put(rows.get(0).get(i), values.get(i));
          }
          table.add(named);
        }
        tables.add(table);
      }
    }
    return tables;
  }

  private static String unescape(String html) {
    return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  private static String text(JsonNode lines) {
    StringBuilder text = new StringBuilder();
    lines.forEach(l -> text.append(l.asText()));
    return text.toString();
  }

  private static long occurrences(String text, String part) {
    long n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** A code cell's SQL as run, and the result of its last statement. */
  private record Cell(String file, int index, String sql, Dataset<Row> result) {}

  /**
   * Runs every code cell of a notebook in order on the executor's own session, the parameter cell
   * filled from the config with the member that has findings, and checks each cell's columns
   * against its metadata.
   */
  private static List<Cell> execute(String file) {
    List<Cell> executed = new ArrayList<>();
    NotebookSession session = new NotebookSession(spark, config, member);
    Notebook notebook = NotebookJson.read(file, readString(NOTEBOOKS.resolve(file)));
    List<JsonNode> cells = cells(read(file));
    for (int index = 0; index < cells.size(); index++) {
      JsonNode cell = cells.get(index);
      if (!cell.path("cell_type").asText().equals("code")) {
        continue;
      }
      String text = source(cell);
      String sql = text.substring(text.indexOf('\n') + 1);
      if (isParameterCell(cell)) {
        String injected = session.applyParameters(file, index, notebook.cells().get(index));
        assertTrue(injected.contains("SET trainaudit.findings = " + dir.resolve("out/findings")), injected);
        continue;
      }
      Dataset<Row> result;
      try {
        result = session.query(file, index, notebook.cells().get(index));
      } catch (Exception e) {
        throw new AssertionError(file + " cell " + index + " failed: " + e.getMessage() + "\n" + sql, e);
      }
      List<String> expected = new ArrayList<>();
      cell.at("/metadata/trainaudit/expect_columns").forEach(c -> expected.add(c.asText()));
      assertEquals(expected, Arrays.asList(result.columns()), file + " cell " + index + " columns:\n" + sql);
      executed.add(new Cell(file, index, sql, result));
    }
    return executed;
  }

  /** The result of the one cell whose columns include all of these. */
  private static Dataset<Row> cell(List<Cell> cells, String... columns) {
    List<Cell> matching = cells.stream()
        .filter(c -> Arrays.asList(c.result().columns()).containsAll(List.of(columns)))
        .toList();
    assertEquals(1, matching.size(), "cells with columns " + List.of(columns));
    return matching.get(0).result();
  }

  private static Row single(Dataset<Row> result) {
    List<Row> rows = result.limit(2).collectAsList();
    assertEquals(1, rows.size());
    return rows.get(0);
  }

  private static long total(Dataset<Row> result, String column) {
    Row row = result.agg(sum(column)).first();
    return row.isNullAt(0) ? 0L : row.getLong(0);
  }

  private static Dataset<Row> findings() {
    return spark.read().format("delta").load(dir.resolve("out/findings").toString())
        .where(col(Findings.STATUS).equalTo(lit(Findings.STATUS_OPEN)));
  }

  private static JsonNode read(String file) {
    try {
      return new ObjectMapper().readTree(NOTEBOOKS.resolve(file).toFile());
    } catch (IOException e) {
      throw new AssertionError("Cannot parse notebook " + NOTEBOOKS.resolve(file) + ": " + e.getMessage(), e);
    }
  }

  private static List<JsonNode> cells(JsonNode notebook) {
    assertTrue(notebook.path("cells").isArray(), "cells");
    return StreamSupport.stream(notebook.path("cells").spliterator(), false).toList();
  }

  private static String source(JsonNode cell) {
    JsonNode source = cell.path("source");
    if (source.isTextual()) {
      return source.asText();
    }
    return StreamSupport.stream(source.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining());
  }

  private static boolean isParameterCell(JsonNode cell) {
    return StreamSupport.stream(cell.at("/metadata/tags").spliterator(), false)
        .anyMatch(t -> t.asText().equals(PARAMETERS_TAG));
  }
}
