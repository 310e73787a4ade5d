package io.trainaudit.notebooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Jupyter notebook in nbformat 4.5, as far as the auditor reads and writes one: its metadata and
 * its cells, code cells with their outputs. {@link NotebookJson} reads and writes it.
 *
 * @param metadata the notebook's metadata, kept as read (kernelspec, language_info, trainaudit)
 */
public record Notebook(ObjectNode metadata, List<Cell> cells) {
  public static final int NBFORMAT = 4;
  public static final int NBFORMAT_MINOR = 5;
  /** The tag of the one cell a reader edits, as papermill names it. */
  public static final String PARAMETERS_TAG = "parameters";
  /** The tag of the cell that holds the values the executor filled in, as papermill names it. */
  public static final String INJECTED_PARAMETERS_TAG = "injected-parameters";

  public Notebook {
    metadata = metadata.deepCopy();
    cells = List.copyOf(cells);
  }

  /** A copy: the record stays immutable. */
  @Override
  public ObjectNode metadata() {
    return metadata.deepCopy();
  }

  /** The kinds of cell of nbformat 4. */
  public enum CellType {
    MARKDOWN("markdown"), CODE("code"), RAW("raw");

    private final String json;

    CellType(String json) {
      this.json = json;
    }

    /** The value of {@code cell_type}. */
    public String json() {
      return json;
    }
  }

  /**
   * One cell.
   *
   * @param id unique in its notebook: 1 to 64 letters, digits, {@code -} or {@code _} (nbformat 4.5)
   * @param source the cell's text, lines joined
   * @param outputs a code cell's outputs; empty for other cells
   * @param executionCount a code cell's execution count, or {@code null} when it was not run
   */
  public record Cell(
      String id, CellType type, ObjectNode metadata, String source, List<Output> outputs, Integer executionCount) {
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    public Cell {
      Objects.requireNonNull(type, "type");
      metadata = metadata.deepCopy();
      Objects.requireNonNull(source, "source");
      if (id == null || !ID.matcher(id).matches()) {
        throw new IllegalArgumentException("not an nbformat 4.5 cell id: " + id);
      }
      outputs = List.copyOf(outputs);
      if (type != CellType.CODE && (!outputs.isEmpty() || executionCount != null)) {
        throw new IllegalArgumentException("a " + type.json() + " cell has no outputs nor execution count");
      }
    }

    /** A copy: the record stays immutable. */
    @Override
    public ObjectNode metadata() {
      return metadata.deepCopy();
    }

    /** True when the cell carries the tag in {@code metadata.tags}. */
    public boolean hasTag(String tag) {
      for (var t : metadata.path("tags")) {
        if (t.asText().equals(tag)) {
          return true;
        }
      }
      return false;
    }

    /** The same cell after a run: these outputs, this execution count. */
    public Cell executed(List<Output> newOutputs, Integer count) {
      return new Cell(id, type, metadata, source, newOutputs, count);
    }
  }

  /** An output of a code cell: the two kinds the executor writes. */
  public sealed interface Output permits ExecuteResult, ErrorOutput {}

  /**
   * A cell's result, as a kernel reports the value of its last expression.
   *
   * @param html the {@code text/html} representation
   * @param plain the {@code text/plain} representation
   */
  public record ExecuteResult(int executionCount, String html, String plain) implements Output {
    public ExecuteResult {
      Objects.requireNonNull(html, "html");
      Objects.requireNonNull(plain, "plain");
    }
  }

  /**
   * A failed cell, as a kernel reports an exception.
   *
   * @param ename the exception's name
   * @param evalue its message
   * @param traceback the lines explaining it
   */
  public record ErrorOutput(String ename, String evalue, List<String> traceback) implements Output {
    public ErrorOutput {
      Objects.requireNonNull(ename, "ename");
      Objects.requireNonNull(evalue, "evalue");
      traceback = List.copyOf(traceback);
    }
  }
}
