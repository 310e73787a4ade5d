package io.trainaudit.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.notebooks.Notebook.Cell;
import io.trainaudit.notebooks.Notebook.CellType;
import io.trainaudit.notebooks.Notebook.ExecuteResult;
import io.trainaudit.notebooks.SqlCells.History;
import io.trainaudit.notebooks.SqlCells.SetValue;
import io.trainaudit.notebooks.SqlCells.TableView;
import io.trainaudit.notebooks.SqlCells.ValueView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The nbformat writer, the result tables and their escaping, and the SQL the executor recognises; no Spark. */
class NotebookJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String HOSTILE = "<script>alert('x')</script> & \"q\"";

  @Test
  void anExecutedNotebookIsWrittenAsJupyterWritesItAndValidatesAgainstNbformat45() throws IOException {
    ObjectNode metadata = NODES.objectNode();
    metadata.putObject("language_info").put("name", "sql");
    metadata.putObject("kernelspec").put("name", "python3").put("display_name", "Python 3");
    ObjectNode tagged = NODES.objectNode();
    tagged.putArray("tags").add("parameters");
    ResultTable table = new ResultTable(List.of("rule_id", "n"), List.of(Arrays.asList(HOSTILE, null)), 1, 5);
    Notebook notebook = new Notebook(metadata, List.of(
        new Cell("md", CellType.MARKDOWN, NODES.objectNode(), "# Title\ntext", List.of(), null),
        new Cell("p", CellType.CODE, tagged, "%%sql\nSET trainaudit.findings = /x", List.of(), null),
        new Cell("q", CellType.CODE, NODES.objectNode(), "%%sql\nSELECT 1",
            List.of(new ExecuteResult(2, table.html(), table.plain())), 2),
        new Cell("e", CellType.CODE, NODES.objectNode(), "%%sql\nSELECT nope",
            List.of(new Notebook.ErrorOutput("AnalysisException", "no column nope\nline 2", List.of("AnalysisException: no"
                + " column nope", "line 2"))), 3)));

    String written = NotebookJson.write(notebook);
    assertEquals(String.join("\n",
        "{",
        " \"cells\": [",
        "  {",
        "   \"cell_type\": \"markdown\",",
        "   \"id\": \"md\",",
        "   \"metadata\": {},",
        "   \"source\": [",
        "    \"# Title\\n\",",
        "    \"text\"",
        "   ]",
        "  },",
        "  {",
        "   \"cell_type\": \"code\",",
        "   \"execution_count\": null,",
        "   \"id\": \"p\",",
        "   \"metadata\": {",
        "    \"tags\": [",
        "     \"parameters\"",
        "    ]",
        "   },",
        "   \"outputs\": [],",
        "   \"source\": [",
        "    \"%%sql\\n\",",
        "    \"SET trainaudit.findings = /x\"",
        "   ]",
        "  },"), written.substring(0, written.indexOf("  {\n   \"cell_type\": \"code\",\n   \"execution_count\": 2")).stripTrailing());
    assertTrue(written.endsWith(String.join("\n",
        " \"metadata\": {",
        "  \"kernelspec\": {",
        "   \"display_name\": \"Python 3\",",
        "   \"name\": \"python3\"",
        "  },",
        "  \"language_info\": {",
        "   \"name\": \"sql\"",
        "  }",
        " },",
        " \"nbformat\": 4,",
        " \"nbformat_minor\": 5",
        "}",
        "")), written);

    JsonNode tree = JSON.readTree(written);
    assertEquals(List.of(), NbformatSchema.problems(tree));
    JsonNode result = tree.at("/cells/2/outputs/0");
    assertEquals("execute_result", result.path("output_type").asText());
    assertEquals(2, result.path("execution_count").asInt());
    assertEquals(NODES.objectNode(), result.path("metadata"));
    assertEquals(List.of("text/html", "text/plain"), fieldNames(result.path("data")));
    assertEquals(table.html(), text(result.at("/data/text~1html")));
    assertEquals(table.plain(), text(result.at("/data/text~1plain")));
    JsonNode error = tree.at("/cells/3/outputs/0");
    assertEquals("error", error.path("output_type").asText());
    assertEquals("AnalysisException", error.path("ename").asText());
    assertEquals("no column nope\nline 2", error.path("evalue").asText());
    assertEquals(3, tree.at("/cells/3/execution_count").asInt());

    Notebook read = NotebookJson.read("x.ipynb", written);
    assertEquals(notebook.cells().get(1), read.cells().get(1));
    assertEquals(List.of(), read.cells().get(2).outputs(), "reading drops outputs, as nbconvert --execute does");
    assertEquals(null, read.cells().get(2).executionCount());
  }

  @Test
  void theSchemaRejectsWhatNbformat45Forbids() throws IOException {
    JsonNode noId = JSON.readTree("{\"cells\": [{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": []}],"
        + " \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
    assertFalse(NbformatSchema.problems(noId).isEmpty(), "a 4.5 cell without id");
    JsonNode resultWithoutCount = JSON.readTree("{\"cells\": [{\"cell_type\": \"code\", \"id\": \"a\", \"metadata\": {},"
        + " \"source\": [], \"execution_count\": 1, \"outputs\": [{\"output_type\": \"execute_result\", \"data\": {},"
        + " \"metadata\": {}}]}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
    assertFalse(NbformatSchema.problems(resultWithoutCount).isEmpty(), "an execute_result without execution_count");
  }

  @Test
  void resultTablesEscapeEveryValueAndSayTheCapAndTheTrueCount() {
    ResultTable table = new ResultTable(List.of("a<b", "value"),
        List.of(Arrays.asList("x", HOSTILE), Arrays.asList("line\nbreak", null)), 250, 2);
    assertEquals("<table class=\"dataframe\">\n<thead>\n<tr><th>a&lt;b</th><th>value</th></tr>\n</thead>\n<tbody>\n"
        + "<tr><td>x</td><td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</td></tr>\n"
        + "<tr><td>line\nbreak</td><td class=\"null\">NULL</td></tr>\n</tbody>\n</table>\n"
        + "<p class=\"count\">The first 2 of 250 rows: at most 2 rows per cell (bin/audit notebooks --max-rows N)</p>",
        table.html());
    assertEquals(String.join("\n",
        "a<b         | value",
        "------------+----------------------------------",
        "x           | <script>alert('x')</script> & \"q\"",
        "line\\nbreak | NULL",
        "The first 2 of 250 rows: at most 2 rows per cell (bin/audit notebooks --max-rows N)"), table.plain());

    ResultTable whole = new ResultTable(List.of("n"), List.of(List.of("1")), 1, 100);
    assertFalse(whole.capped());
    assertEquals("1 row", whole.countLine());
    assertEquals("0 rows", new ResultTable(List.of("n"), List.of(), 0, 100).countLine());
    assertEquals("The first 1 of 12,345 rows: at most 1 rows per cell (bin/audit notebooks --max-rows N)",
        new ResultTable(List.of("n"), List.of(List.of("1")), 12345, 1).countLine());
    assertThrows(IllegalArgumentException.class, () -> new ResultTable(List.of("n"), List.of(List.of("1")), 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new ResultTable(List.of("n"), List.of(), 3, 2),
        "rows are left out only past the cap");
  }

  @Test
  void markdownCellsRenderTheirHeadingsListsBoldAndCodeAndEscapeTheRest() {
    assertEquals("<h1>A &lt;b&gt; title</h1>\n"
            + "<p><strong>For:</strong> officers &amp; <code>&lt;table&gt;</code> and <code>delta.`x`</code></p>\n"
            + "<ul>\n<li>one <strong>bold</strong> continued</li>\n<li>two</li>\n</ul>\n<p>after</p>\n",
        Html.markdown("# A <b> title\n\n**For:** officers & `<table>`\nand ``delta.`x` ``\n\n- one **bold**\n"
            + "  continued\n- two\n\nafter"));
  }

  @Test
  void theStandalonePageIsSelfContainedAndEscaped() {
    ResultTable table = new ResultTable(List.of("v"), List.of(List.of(HOSTILE)), 1, 5);
    ObjectNode tagged = NODES.objectNode();
    tagged.putArray("tags").add("parameters");
    Notebook notebook = new Notebook(NODES.objectNode(), List.of(
        new Cell("md", CellType.MARKDOWN, NODES.objectNode(), "# Overview", List.of(), null),
        new Cell("p", CellType.CODE, tagged, "%%sql\nSET trainaudit.findings = /path/to/demo", List.of(), null),
        new Cell("q", CellType.CODE, NODES.objectNode(), "%%sql\nSELECT '<v>'",
            List.of(new ExecuteResult(1, table.html(), table.plain())), 1)));
    String page = NotebookPage.render("overview.ipynb", "run <r>", notebook);
    assertTrue(page.startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<title>overview.ipynb</title>"), page);
    assertTrue(page.contains("<header><p>run &lt;r&gt;</p></header>"), page);
    assertTrue(page.contains("<h1>Overview</h1>"), page);
    assertTrue(page.contains("<summary>SQL [1]</summary><pre><code>%%sql\nSELECT &#39;&lt;v&gt;&#39;</code></pre>"), page);
    assertTrue(page.contains("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</td>"), page);
    assertFalse(page.contains("/path/to/demo"), "the shipped parameter cell is left out");
    assertFalse(page.contains("<script"), "no script");
    assertFalse(page.contains("http:") || page.contains("https:") || page.contains("src=") || page.contains("<link"),
        "nothing fetched");
  }

  @Test
  void cellsSplitIntoStatementsAndParameterStatementsAreRecognised() {
    String body = SqlCells.body("%%sql\n-- Parameters\nSET trainaudit.findings = /a b/c;\n"
        + "CREATE OR REPLACE TEMPORARY VIEW findings AS SELECT * FROM delta.`${trainaudit.findings}`;\n"
        + "CREATE OR REPLACE TEMPORARY VIEW params AS SELECT '${trainaudit.member_id}' AS member_id");
    List<String> statements = SqlCells.statements(body);
    assertEquals(3, statements.size());
    assertEquals(Optional.of(new SetValue("findings", "/a b/c")), SqlCells.parameterStatement(statements.get(0)));
    assertEquals(Optional.of(new TableView("findings", "findings")), SqlCells.parameterStatement(statements.get(1)));
    assertEquals(Optional.of(new ValueView("params", "member_id", "member_id")),
        SqlCells.parameterStatement(statements.get(2)));
    assertEquals(Optional.empty(), SqlCells.parameterStatement("DROP TABLE findings"));
    assertEquals(Optional.empty(), SqlCells.parameterStatement(
        "CREATE OR REPLACE TEMPORARY VIEW f AS SELECT * FROM delta.`/data/findings`"));

    assertEquals(Optional.of(new History("records", 20)),
        SqlCells.history("-- records: its latest 20 commits\nDESCRIBE HISTORY delta.`${trainaudit.records}` LIMIT 20"));
    assertEquals(Optional.of(new History("members", null)), SqlCells.history("describe history delta.`${trainaudit.members}`"));
    assertEquals(Optional.empty(), SqlCells.history("DESCRIBE HISTORY delta.`/data/records`"));
    assertTrue(SqlCells.readsParameter("SELECT * FROM delta.`${trainaudit.findings}`"));
    assertEquals("-- records: its latest 20 commits", SqlCells.firstLine("%%sql\n\n  -- records: its latest 20 commits\nX"));
  }

  @Test
  void everyShippedNotebookIsPackagedWithAParameterCellTheExecutorRuns() throws IOException {
    for (String name : NotebookExecutor.SHIPPED) {
      Notebook notebook;
      try (InputStream in = NotebookExecutor.class.getResourceAsStream("shipped/" + name)) {
        assertTrue(in != null, "the jar lacks " + name);
        notebook = NotebookJson.read(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      List<Cell> parameterCells = notebook.cells().stream().filter(c -> c.hasTag(Notebook.PARAMETERS_TAG)).toList();
      assertEquals(1, parameterCells.size(), name);
      for (String statement : SqlCells.statements(SqlCells.body(parameterCells.get(0).source()))) {
        assertTrue(SqlCells.parameterStatement(statement).isPresent(), name + ": " + statement);
      }
      assertEquals(List.of(), NbformatSchema.problems(JSON.readTree(NotebookJson.write(notebook))), name);
    }
  }

  @Test
  void aMaxRowsBelowOneOrAMemberIdWithALineBreakIsAUsageError() {
    AuditException rows = assertThrows(AuditException.class, () -> new NotebookExecutor.Request(null, null, null, 0));
    assertEquals(ErrorCode.USAGE, rows.code());
    assertEquals("Cannot execute the notebooks: --max-rows must be at least 1, got 0", rows.getMessage());
    AuditException member = assertThrows(AuditException.class,
        () -> new NotebookExecutor.Request(null, "m1\nm2", null, 10));
    assertEquals("Cannot execute the notebooks: member id 'm1\nm2' is empty or holds a line break", member.getMessage());
  }

  @Test
  void failedCellsAreNamedByNotebookCellAndFirstLine() {
    AuditException one = NotebookErrors.cellsFailed(List.of(
        new NotebookExecutor.Failure("overview.ipynb", 5, "WITH latest AS (", "[UNRESOLVED_COLUMN] nope\n== SQL ==")));
    assertEquals(ErrorCode.NOTEBOOK_FAILED, one.code());
    assertEquals(12, one.code().exitCode());
    assertEquals("Cannot execute notebook overview.ipynb: cell 5 (WITH latest AS () failed: [UNRESOLVED_COLUMN] nope",
        one.getMessage());
    AuditException two = NotebookErrors.cellsFailed(List.of(
        new NotebookExecutor.Failure("a.ipynb", 1, "SELECT 1", "x"), new NotebookExecutor.Failure("b.ipynb", 3, "", "y")));
    assertEquals("Cannot execute 2 notebooks:\n  a.ipynb: cell 1 (SELECT 1) failed: x\n  b.ipynb: cell 3 () failed: y",
        two.getMessage());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String text(JsonNode lines) {
    StringBuilder text = new StringBuilder();
    lines.forEach(l -> text.append(l.asText()));
    return text.toString();
  }
}
