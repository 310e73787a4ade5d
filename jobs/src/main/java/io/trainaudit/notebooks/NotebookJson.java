package io.trainaudit.notebooks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainaudit.notebooks.Notebook.Cell;
import io.trainaudit.notebooks.Notebook.CellType;
import io.trainaudit.notebooks.Notebook.ErrorOutput;
import io.trainaudit.notebooks.Notebook.ExecuteResult;
import io.trainaudit.notebooks.Notebook.Output;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes {@link Notebook}s as nbformat 4.5 JSON, laid out as Jupyter itself writes them
 * (keys sorted, one-space indent, multi-line strings as lists of lines), so that a notebook opened
 * and saved again in JupyterLab shows no spurious difference.
 */
public final class NotebookJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CELL_TYPE = "cell_type";
  private static final String ID = "id";
  private static final String METADATA = "metadata";
  private static final String SOURCE = "source";
  private static final String OUTPUTS = "outputs";
  private static final String EXECUTION_COUNT = "execution_count";
  private static final String OUTPUT_TYPE = "output_type";
  static final String TEXT_HTML = "text/html";
  static final String TEXT_PLAIN = "text/plain";

  private NotebookJson() {}

  /**
   * Parses a notebook of nbformat 4. Outputs and execution counts are dropped, as {@code jupyter
   * nbconvert --execute} clears them before running; a cell without an id (nbformat 4.4 and
   * earlier) gets {@code cell-<index>}.
   *
   * @param name the notebook's name, for messages
   */
  public static Notebook read(String name, String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw NotebookErrors.unreadable(name, "not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw NotebookErrors.unreadable(name, "not a JSON object");
    }
    if (root.path("nbformat").asInt() != Notebook.NBFORMAT) {
      throw NotebookErrors.unreadable(name, "nbformat " + root.path("nbformat") + ", expected 4");
    }
    if (!root.path("cells").isArray()) {
      throw NotebookErrors.unreadable(name, "no cells");
    }
    List<Cell> cells = new ArrayList<>();
    for (JsonNode cell : root.path("cells")) {
      CellType type = Arrays.stream(CellType.values())
          .filter(t -> t.json().equals(cell.path(CELL_TYPE).asText()))
          .findFirst()
          .orElseThrow(() -> NotebookErrors.unreadable(name, "cell " + cells.size() + " has cell_type "
              + cell.path(CELL_TYPE)));
      String id = cell.path(ID).isTextual() ? cell.path(ID).asText() : "cell-" + cells.size();
      ObjectNode metadata = cell.path(METADATA).isObject() ? (ObjectNode) cell.path(METADATA) : NODES.objectNode();
      cells.add(new Cell(id, type, metadata, text(cell.path(SOURCE)), List.of(), null));
    }
    ObjectNode metadata = root.path(METADATA).isObject() ? (ObjectNode) root.path(METADATA) : NODES.objectNode();
    return new Notebook(metadata, cells);
  }

  /** The notebook as nbformat 4.5 JSON text, ending with a line break. */
  public static String write(Notebook notebook) {
    ObjectNode root = NODES.objectNode();
    ArrayNode cells = root.putArray("cells");
    for (Cell cell : notebook.cells()) {
      cells.add(cell(cell));
    }
    root.set(METADATA, sorted(notebook.metadata()));
    root.put("nbformat", Notebook.NBFORMAT);
    root.put("nbformat_minor", Notebook.NBFORMAT_MINOR);
    try {
      return JSON.writer(new JupyterLayout()).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree cannot fail to serialise", e);
    }
  }

  private static ObjectNode cell(Cell cell) {
    ObjectNode node = NODES.objectNode();
    node.put(CELL_TYPE, cell.type().json());
    if (cell.type() == CellType.CODE) {
      if (cell.executionCount() == null) {
        node.putNull(EXECUTION_COUNT);
      } else {
        node.put(EXECUTION_COUNT, cell.executionCount());
      }
    }
    node.put(ID, cell.id());
    node.set(METADATA, sorted(cell.metadata()));
    if (cell.type() == CellType.CODE) {
      ArrayNode outputs = node.putArray(OUTPUTS);
      cell.outputs().forEach(o -> outputs.add(output(o)));
    }
    node.set(SOURCE, lines(cell.source()));
    return node;
  }

  private static ObjectNode output(Output output) {
    ObjectNode node = NODES.objectNode();
    if (output instanceof ExecuteResult result) {
      ObjectNode data = node.putObject("data");
      data.set(TEXT_HTML, lines(result.html()));
      data.set(TEXT_PLAIN, lines(result.plain()));
      node.put(EXECUTION_COUNT, result.executionCount());
      node.putObject(METADATA);
      node.put(OUTPUT_TYPE, "execute_result");
    } else if (output instanceof ErrorOutput error) {
      node.put("ename", error.ename());
      node.put("evalue", error.evalue());
      node.put(OUTPUT_TYPE, "error");
      ArrayNode traceback = node.putArray("traceback");
      error.traceback().forEach(traceback::add);
    }
    return node;
  }

  /** A multi-line string as nbformat stores it: a list of lines, each but the last ending in a line break. */
  static ArrayNode lines(String text) {
    ArrayNode lines = NODES.arrayNode();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lines.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return lines;
  }

  private static String text(JsonNode source) {
    if (source.isTextual()) {
      return source.asText();
    }
    StringBuilder text = new StringBuilder();
    source.forEach(line -> text.append(line.asText()));
    return text.toString();
  }

  /** A copy with the keys of every object in sorted order, as Jupyter writes them. */
  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> fields = new TreeMap<>();
      node.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(e.getValue())));
      ObjectNode copy = NODES.objectNode();
      fields.forEach(copy::set);
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      node.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  /** Python's {@code json.dumps(indent=1)}: one-space indent, {@code "key": value}, {@code []} and {@code {}}. */
  private static final class JupyterLayout extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    JupyterLayout() {
      DefaultIndenter indenter = new DefaultIndenter(" ", "\n");
      indentObjectsWith(indenter);
      indentArraysWith(indenter);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new JupyterLayout();
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
      if (nrOfEntries > 0) {
        super.writeEndObject(g, nrOfEntries);
      } else {
        _nesting--;
        g.writeRaw('}');
      }
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
      if (nrOfValues > 0) {
        super.writeEndArray(g, nrOfValues);
      } else {
        _nesting--;
        g.writeRaw(']');
      }
    }
  }
}
