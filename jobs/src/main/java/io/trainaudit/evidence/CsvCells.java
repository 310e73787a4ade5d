package io.trainaudit.evidence;

import java.util.List;

/**
 * CSV cells that a spreadsheet cannot run (OWASP's CSV-injection rule) and a reader can still
 * restore exactly. A cell starting with {@code =}, {@code +}, {@code -}, {@code @}, TAB or CR is
 * taken by spreadsheets as a formula, so it gets one leading single quote; a cell that already
 * starts with a single quote gets one too, so that the rule reverses without ambiguity: a cell that
 * starts with {@code '} had exactly one added. Then RFC 4180: a cell with a comma, quote or line
 * break is quoted, its quotes doubled. Every CSV file the project writes goes through {@link #line}.
 */
public final class CsvCells {
  /** What prefixes a neutralised cell. */
  public static final char GUARD = '\'';
  private static final String FORMULA_STARTS = "=+-@\t\r";

  private CsvCells() {}

  /** The cell as written: with one leading {@link #GUARD} when it starts with a formula character or a guard. */
  public static String neutralise(String cell) {
    if (cell.isEmpty()) {
      return cell;
    }
    char first = cell.charAt(0);
    return first == GUARD || FORMULA_STARTS.indexOf(first) >= 0 ? GUARD + cell : cell;
  }

  /** The original value of a cell read back (after RFC 4180 unquoting): one leading guard removed. */
  public static String restore(String cell) {
    return !cell.isEmpty() && cell.charAt(0) == GUARD ? cell.substring(1) : cell;
  }

  /** One CSV line, CRLF-terminated: each field neutralised, then quoted only when it must be. */
  public static String line(List<String> fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      String f = neutralise(fields.get(i));
      if (i > 0) {
        line.append(',');
      }
      if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
        line.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        line.append(f);
      }
    }
    return line.append("\r\n").toString();
  }
}
