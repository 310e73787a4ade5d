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
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.TestSpark;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.AuditRuns;
import io.trainaudit.tables.ConsentEvents;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * generated data set audited twice by the real command line, the parameter cell edited to point at
 * it, then every SQL cell in order. Each code cell must run and return exactly the columns its
 * metadata ({@code trainaudit.expect_columns}) promises; a cell without that promise fails the
 * test, so no cell goes unchecked. Where the data set fixes the answer, the results are checked
 * against the audit's own outputs.
 */
@Tag("e2e")
class NotebooksE2eTest {
  private static final Path NOTEBOOKS = Path.of("..", "notebooks").toAbsolutePath().normalize();
  private static final Set<String> NOTEBOOK_FILES =
      Set.of("overview.ipynb", "member_drilldown.ipynb", "trends.ipynb", "data_quality.ipynb");
  private static final String SQL_MAGIC = "%%sql";
  private static final String PARAMETERS_TAG = "parameters";
  /** The folder of {@code bin/audit demo} as the notebooks ship; a reader replaces it with theirs. */
  private static final String DEMO_PLACEHOLDER = "/path/to/demo";
  private static final String MEMBER_PARAMETER = "SET trainaudit.member_id = ";
  private static final String MEMBER_PLACEHOLDER = MEMBER_PARAMETER + "m000000001;";
  /** Statements of a cell end with a semicolon at the end of a line. */
  private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*(\\R|$)");
  private static final Pattern RUN_ID = Pattern.compile("\\(run (run-[^)]+)\\)");

  @TempDir static Path dir;
  private static SparkSession spark;
  private static JsonNode planted;
  private static List<String> runIds;
  private static JsonNode latestSummary;
  private static String member;

  @BeforeAll
  static void generateAndAuditTwice() throws IOException {
    spark = TestSpark.session();
    planted = GeneratedData.generate(dir, 300, 4, 4, 20261124);
    Path config = GeneratedData.config(dir, "audit.yaml", "policy: {opt_out_mode: use_time}");
    runIds = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      Cli.Outcome audited = Cli.run("run", "--config", config.toString(), "--full");
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
  }

  @Test
  void theFolderHoldsExactlyTheTestedNotebooks() throws IOException {
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      assertEquals(new TreeSet<>(NOTEBOOK_FILES),
          files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".ipynb")).collect(Collectors.toCollection(TreeSet::new)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overview.ipynb", "member_drilldown.ipynb", "trends.ipynb", "data_quality.ipynb"})
  void everyNotebookIsAnNbformat4SqlNotebookWithOneParameterCell(String file) throws IOException {
    JsonNode notebook = read(file);
    assertEquals(4, notebook.path("nbformat").asInt(), file + ": nbformat");
    assertEquals("python3", notebook.at("/metadata/kernelspec/name").asText(), file + ": kernelspec");
    assertEquals("sql", notebook.at("/metadata/language_info/name").asText(), file + ": language_info");
    List<JsonNode> cells = cells(notebook);
    assertEquals("markdown", cells.get(0).path("cell_type").asText(), file + ": the first cell says whom it is for");
    assertTrue(source(cells.get(0)).contains("**For:**"), file + ": the first cell names its readers");
    assertTrue(source(cells.get(0)).contains("bin/audit demo"), file + ": the first cell says how to open it on the demo");

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
        if (!isParameterCell(cell)) {
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
    assertEquals(2L * InputTable.values().length, versions.count());
    assertEquals(0L, versions.where(col("changed_since_previous_run")).count());
    for (InputTable table : InputTable.values()) {
      Cell history = cells.stream()
          .filter(c -> c.sql().contains("DESCRIBE HISTORY delta.`${trainaudit." + table.tableName() + "}`"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no history cell for " + table.tableName()));
      assertEquals(latestSummary.at("/input_versions/" + table.tableName()).asLong(),
          history.result().agg(max("version")).first().getLong(0),
          "the latest version of " + table.tableName() + " is the one the audit read");
    }
  }

  /** A code cell's SQL as run, and the result of its last statement. */
  private record Cell(String file, int index, String sql, Dataset<Row> result) {}

  /**
   * Runs every code cell of a notebook in order, as a reader would after editing the parameter
   * cell, and checks each cell's columns against its metadata.
   */
  private static List<Cell> execute(String file) {
    List<Cell> executed = new ArrayList<>();
    List<JsonNode> cells = cells(read(file));
    for (int index = 0; index < cells.size(); index++) {
      JsonNode cell = cells.get(index);
      if (!cell.path("cell_type").asText().equals("code")) {
        continue;
      }
      String text = source(cell);
      String sql = text.substring(text.indexOf('\n') + 1);
      if (isParameterCell(cell)) {
        sql = edited(file, sql);
      }
      Dataset<Row> result = null;
      for (String statement : statements(sql)) {
        try {
          result = spark.sql(statement);
          // the no-op sink evaluates every row and column, as displaying the whole result would
          result.write().format("noop").mode("overwrite").save();
        } catch (RuntimeException e) {
          throw new AssertionError(file + " cell " + index + " failed: " + e.getMessage() + "\n" + statement, e);
        }
      }
      if (result == null) {
        fail(file + " cell " + index + " holds no statement");
      }
      List<String> expected = new ArrayList<>();
      cell.at("/metadata/trainaudit/expect_columns").forEach(c -> expected.add(c.asText()));
      assertEquals(expected, Arrays.asList(result.columns()), file + " cell " + index + " columns:\n" + sql);
      executed.add(new Cell(file, index, sql, result));
    }
    return executed;
  }

  /** The parameter cell as a reader edits it: the demo folder becomes the test's, the member one with findings. */
  private static String edited(String file, String sql) {
    assertTrue(sql.contains(DEMO_PLACEHOLDER), file + ": the parameter cell names the demo's locations");
    String edited = sql.replace(DEMO_PLACEHOLDER, dir.toString());
    if (edited.contains(MEMBER_PARAMETER)) {
      assertTrue(edited.contains(MEMBER_PLACEHOLDER), file + ": member parameter as shipped");
      edited = edited.replace(MEMBER_PLACEHOLDER, MEMBER_PARAMETER + member + ";");
    }
    return edited;
  }

  private static List<String> statements(String sql) {
    return Arrays.stream(STATEMENT_END.split(sql)).filter(s -> !s.isBlank()).toList();
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
