package io.trainaudit.notebooks;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of the notebooks' {@code %%sql} cells: their statements, and the few statements that
 * name a parameter ({@code ${trainaudit.<name>}}), which the executor runs without splicing a
 * location into SQL text.
 */
final class SqlCells {
  static final String MAGIC = "%%sql";
  /** Statements of a cell end with a semicolon at the end of a line. */
  private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*(\\R|$)");
  private static final Pattern COMMENT_LINE = Pattern.compile("(?m)^[ \\t]*--.*(\\R|$)");
  private static final String NAME = "([a-z_]+)";
  private static final String PARAMETER = "\\$\\{trainaudit\\." + NAME + "\\}";
  private static final String VIEW = "(?i:CREATE\\s+OR\\s+REPLACE\\s+TEMPORARY\\s+VIEW)\\s+(\\w+)\\s+(?i:AS\\s+SELECT)\\s+";
  private static final Pattern SET = Pattern.compile("(?i:SET)\\s+trainaudit\\." + NAME + "\\s*=\\s*(.*)", Pattern.DOTALL);
  private static final Pattern TABLE_VIEW = Pattern.compile(VIEW + "\\*\\s+(?i:FROM)\\s+delta\\.`" + PARAMETER + "`");
  private static final Pattern VALUE_VIEW = Pattern.compile(VIEW + "'" + PARAMETER + "'\\s+(?i:AS)\\s+(\\w+)");
  private static final Pattern HISTORY =
      Pattern.compile("(?i:DESCRIBE\\s+HISTORY)\\s+delta\\.`" + PARAMETER + "`(?:\\s+(?i:LIMIT)\\s+(\\d+))?");

  private SqlCells() {}

  /** True for a code cell whose source opens with {@code %%sql}. */
  static boolean isSql(String source) {
    return source.startsWith(MAGIC + "\n") || source.equals(MAGIC);
  }

  /** The SQL of a cell: its source after the {@code %%sql} line. */
  static String body(String source) {
    int newline = source.indexOf('\n');
    return newline < 0 ? "" : source.substring(newline + 1);
  }

  /** The cell's statements, in order. */
  static List<String> statements(String sql) {
    return Arrays.stream(STATEMENT_END.split(sql)).filter(s -> !s.isBlank()).toList();
  }

  /** The statement without its whole-line comments, trimmed. */
  static String withoutComments(String statement) {
    return COMMENT_LINE.matcher(statement).replaceAll("").strip();
  }

  /** The first line of the cell's SQL that is not blank, to name the cell in a message. */
  static String firstLine(String source) {
    return body(source).lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }

  /** True when the statement reads a parameter by variable substitution. */
  static boolean readsParameter(String statement) {
    return statement.contains("${" + NotebookParameter.PREFIX);
  }

  /** A statement of a parameter cell, and what it means. */
  sealed interface ParameterStatement permits SetValue, TableView, ValueView {}

  /** {@code SET trainaudit.<name> = <value>}: the value a reader edits. */
  record SetValue(String parameter, String value) implements ParameterStatement {}

  /** {@code CREATE OR REPLACE TEMPORARY VIEW <view> AS SELECT * FROM delta.`${trainaudit.<name>}`}. */
  record TableView(String view, String parameter) implements ParameterStatement {}

  /** {@code CREATE OR REPLACE TEMPORARY VIEW <view> AS SELECT '${trainaudit.<name>}' AS <column>}. */
  record ValueView(String view, String parameter, String column) implements ParameterStatement {}

  /** What a statement of a parameter cell means, if it is one of the three kinds the executor runs. */
  static Optional<ParameterStatement> parameterStatement(String statement) {
    String sql = withoutComments(statement);
    Matcher m = SET.matcher(sql);
    if (m.matches()) {
      return Optional.of(new SetValue(m.group(1), m.group(2).strip()));
    }
    m = TABLE_VIEW.matcher(sql);
    if (m.matches()) {
      return Optional.of(new TableView(m.group(1), m.group(2)));
    }
    m = VALUE_VIEW.matcher(sql);
    if (m.matches()) {
      return Optional.of(new ValueView(m.group(1), m.group(2), m.group(3)));
    }
    return Optional.empty();
  }

  /** {@code DESCRIBE HISTORY delta.`${trainaudit.<name>}` [LIMIT n]}: Delta takes a table there, not a view. */
  record History(String parameter, Integer limit) {}

  static Optional<History> history(String statement) {
    Matcher m = HISTORY.matcher(withoutComments(statement));
    return m.matches()
        ? Optional.of(new History(m.group(1), m.group(2) == null ? null : Integer.valueOf(m.group(2))))
        : Optional.empty();
  }
}
