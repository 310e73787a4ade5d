package io.trainaudit.notebooks;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The first rows of a cell's result as text, as Spark casts each value to a string, and how many
 * rows the result has: what the executed notebook shows under the cell.
 *
 * @param rows at most {@code maxRows} rows; a null value stays null
 * @param totalRows the number of rows of the whole result
 */
public record ResultTable(List<String> columns, List<List<String>> rows, long totalRows, int maxRows) {
  /** How a null value reads, as in Spark's own {@code show()}. */
  static final String NULL = "NULL";

  public ResultTable {
    columns = List.copyOf(columns);
    rows = rows.stream().map(r -> Collections.unmodifiableList(new ArrayList<>(r))).toList();
    if (maxRows < 1 || rows.size() > maxRows || totalRows < rows.size()
        || totalRows > rows.size() && rows.size() < maxRows) {
      throw new IllegalArgumentException("rows " + rows.size() + " of " + totalRows + ", at most " + maxRows);
    }
    for (List<String> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException("a row of " + row.size() + " values for " + columns.size() + " columns");
      }
    }
  }

  /**
   * Reads the first {@code maxRows} rows of a result, and counts its rows only when there are
   * more: the driver never holds more than {@code maxRows + 1} rows.
   */
  public static ResultTable read(Dataset<Row> result, int maxRows) {
    String[] names = result.columns();
    // by position: a result may repeat a column name
    String[] positional = IntStream.range(0, names.length).mapToObj(i -> "c" + i).toArray(String[]::new);
    Column[] asText = IntStream.range(0, names.length)
        .mapToObj(i -> col(positional[i]).cast(DataTypes.StringType))
        .toArray(Column[]::new);
    List<Row> first = result.toDF(positional).select(asText).limit(maxRows + 1).collectAsList();
    long total = first.size() <= maxRows ? first.size() : result.count();
    List<List<String>> rows = new ArrayList<>();
    for (Row row : first.subList(0, Math.min(first.size(), maxRows))) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < names.length; i++) {
        values.add(row.isNullAt(i) ? null : row.getString(i));
      }
      rows.add(values);
    }
    return new ResultTable(List.of(names), rows, total, maxRows);
  }

  /** True when rows were left out. */
  public boolean capped() {
    return totalRows > rows.size();
  }

  /** The sentence under the table: how many rows, and the cap when rows were left out. */
  public String countLine() {
    if (!capped()) {
      return String.format(Locale.ROOT, "%,d row%s", totalRows, totalRows == 1 ? "" : "s");
    }
    return String.format(Locale.ROOT, "The first %,d of %,d rows: at most %,d rows per cell (bin/audit notebooks"
        + " --max-rows N)", rows.size(), totalRows, maxRows);
  }

  /** An HTML table, every value escaped, followed by the count line. */
  public String html() {
    StringBuilder out = new StringBuilder("<table class=\"dataframe\">\n<thead>\n<tr>");
    columns.forEach(c -> out.append("<th>").append(Html.escape(c)).append("</th>"));
    out.append("</tr>\n</thead>\n<tbody>\n");
    for (List<String> row : rows) {
      out.append("<tr>");
      for (String value : row) {
        out.append(value == null ? "<td class=\"null\">" + NULL : "<td>" + Html.escape(value)).append("</td>");
      }
      out.append("</tr>\n");
    }
    return out.append("</tbody>\n</table>\n<p class=\"count\">").append(Html.escape(countLine())).append("</p>")
        .toString();
  }

  /** The same table as aligned plain text, as a terminal shows it, followed by the count line. */
  public String plain() {
    List<List<String>> lines = new ArrayList<>();
    lines.add(columns);
    rows.forEach(r -> lines.add(r.stream().map(ResultTable::plainValue).toList()));
    int[] widths = new int[columns.size()];
    for (List<String> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int l = 0; l < lines.size(); l++) {
      List<String> line = lines.get(l);
      for (int i = 0; i < line.size(); i++) {
        out.append(i == 0 ? "" : " | ").append(pad(line.get(i), widths[i], i == line.size() - 1));
      }
      out.append('\n');
      if (l == 0) {
        for (int i = 0; i < widths.length; i++) {
          out.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.append('\n');
      }
    }
    return out.append(countLine()).toString();
  }

  private static String plainValue(String value) {
    if (value == null) {
      return NULL;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      out.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : c < 0x20 ? " " : String.valueOf(c));
    }
    return out.toString();
  }

  private static String pad(String text, int width, boolean last) {
    return last ? text : text + " ".repeat(width - text.length());
  }
}
