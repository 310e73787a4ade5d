package io.trainaudit.bench;

import io.trainaudit.Errors;
import io.trainaudit.rules.Policy;
import io.trainaudit.tables.ColumnSpec;
import io.trainaudit.tables.ColumnType;
import io.trainaudit.tables.InputTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The benchmark's peer engine: the contract's fourteen rules evaluated by DuckDB (in memory, through
 * JDBC) over the Parquet files of the input tables, written the way a DuckDB user would.
 *
 * <p>Each table is a view over {@code read_parquet} of its files, converted to the contract's
 * logical types and filtered to its valid rows (the contract's quarantine rules as SQL filters).
 * Histories have their equal-timestamp ties collapsed to the most protective row; the member's
 * region and consent histories are merged into one timeline of whole states. Then the training rows
 * are deduplicated and enriched once, reading each timeline with an {@code ASOF LEFT JOIN} at
 * captured_at (and, per category of the policy, the flags of the record's context), and the fourteen
 * rules are evaluated in one pass and unpivoted into findings, which
 * {@code COPY} writes to one Parquet file. The SQL lives under {@code bench/duckdb/}; the policy
 * reaches it as small tables and session variables. The session runs in UTC.
 */
public final class DuckDbAudit {
  private static final String SQL_DIR = "duckdb/";
  /** Views over the valid inputs, in dependency order; each is {@code duckdb/<view>.sql}. */
  private static final List<String> VIEWS =
      List.of("visibility_changes", "consent_changes", "region_changes", "member_timeline", "context_changes",
          "enriched");
  /** DuckDB reads these characters in a read_parquet path as a glob pattern. */
  private static final String GLOB_CHARACTERS = "*?[{";
  private static final Set<String> TIMESTAMP_TYPES =
      Set.of("TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S");

  private DuckDbAudit() {}

  /**
   * Audits the tables whose Parquet files are given and writes the findings (columns rule_id,
   * severity, snapshot_id, record_id, member_id, region_group) to {@code outParquet}.
   *
   * @param parquetFiles the local Parquet files of each input table (see {@link DeltaParquetFiles})
   * @param threads DuckDB's {@code threads}
   * @param memoryLimit DuckDB's {@code memory_limit}, e.g. {@code 4GB}
   * @param tempDir where DuckDB spills when over the memory limit
   * @return the number of findings written
   * @throws IllegalArgumentException if the policy disables a rule, a table's files are missing or
   *     lack a column, or a column has a type the contract does not accept
   * @throws io.trainaudit.AuditException (code IO) if DuckDB fails, e.g. out of memory
   */
  public static long run(Map<InputTable, List<String>> parquetFiles, Policy policy, int threads, String memoryLimit,
      Path tempDir, Path outParquet) {
    PolicyTables.requireEveryRule(policy);
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    Objects.requireNonNull(memoryLimit, "memoryLimit");
    Properties settings = new Properties();
    settings.setProperty("threads", String.valueOf(threads));
    settings.setProperty("memory_limit", memoryLimit);
    settings.setProperty("temp_directory", tempDir.toAbsolutePath().toString());
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:", settings);
        Statement sql = db.createStatement()) {
      // Timestamps with a zone (Parquet INT64 adjusted to UTC) are cast in UTC whatever the machine's zone.
      sql.execute("SET TimeZone = 'UTC'");
      // The findings' order does not matter; not keeping it lets COPY stream with less memory.
      sql.execute("SET preserve_insertion_order = false");
      for (InputTable table : InputTable.judgedTables()) {
        registerValidRows(sql, table, filesOf(parquetFiles, table));
      }
      for (SmallTable table : PolicyTables.of(policy)) {
        register(db, table);
      }
      register(db, PolicyTables.ruleSeverities());
      for (Map.Entry<String, Object> scalar : PolicyTables.scalars(policy).entrySet()) {
        try (PreparedStatement set = db.prepareStatement("SET VARIABLE " + scalar.getKey() + " = ?")) {
          set.setObject(1, scalar.getValue());
          set.execute();
        }
      }
      for (String view : VIEWS) {
        sql.execute("CREATE VIEW " + view + " AS " + SqlScripts.load(SQL_DIR + view + ".sql"));
      }
      return sql.executeLargeUpdate("COPY (" + SqlScripts.load(SQL_DIR + "findings.sql") + "\n) TO "
          + literal(outParquet.toAbsolutePath().toString()) + " (FORMAT parquet)");
    } catch (SQLException e) {
      throw Errors.io("run the DuckDB baseline", e);
    }
  }

  /** Registers the views {@code raw_<table>}, {@code typed_<table>} (logical types) and {@code valid_<table>}. */
  private static void registerValidRows(Statement sql, InputTable table, List<String> files) throws SQLException {
    String name = table.tableName();
    sql.execute("CREATE VIEW raw_" + name + " AS " + rawRows(table, files));
    Map<String, String> rawTypes = new HashMap<>();
    try (ResultSet columns = sql.executeQuery("DESCRIBE raw_" + name)) {
      while (columns.next()) {
        rawTypes.put(columns.getString("column_name"), columns.getString("column_type"));
      }
    }
    sql.execute("CREATE VIEW typed_" + name + " AS SELECT " + String.join(", ", typedColumns(table, files, rawTypes))
        + " FROM raw_" + name);
    sql.execute("CREATE VIEW valid_" + name + " AS " + SqlScripts.load(SQL_DIR + "valid_" + name + ".sql"));
  }

  /** The table's files; a table without files is an empty relation of the contract's columns. */
  private static String rawRows(InputTable table, List<String> files) {
    if (files.isEmpty()) {
      return "SELECT " + table.schema().columns().stream()
          .map(c -> "CAST(NULL AS " + duckDbType(c.type()) + ") AS " + quote(c.name()))
          .collect(Collectors.joining(", ")) + " WHERE false";
    }
    for (String file : files) {
      if (file.chars().anyMatch(c -> GLOB_CHARACTERS.indexOf(c) >= 0)) {
        throw new IllegalArgumentException("Cannot run the DuckDB baseline: the path of a file of table "
            + table.tableName() + " holds a glob character (one of " + GLOB_CHARACTERS + "): " + file);
      }
    }
    return "SELECT * FROM read_parquet([" + files.stream().map(DuckDbAudit::literal).collect(Collectors.joining(", "))
        + "], union_by_name = true)";
  }

  /**
   * Each column converted to its logical type as the contract's type table says; a nullable column
   * also gets {@code <column>_unparsable}, true when a value is present but does not convert (a
   * required column that does not convert is simply null, which the validity filter refuses).
   */
  private static List<String> typedColumns(InputTable table, List<String> files, Map<String, String> rawTypes) {
    List<String> columns = new ArrayList<>();
    for (ColumnSpec spec : table.schema().columns()) {
      String rawType = rawTypes.get(spec.name());
      if (rawType == null && spec.optional()) {
        // An optional column the table lacks (written before the contract added it) is null in every row.
        columns.add("CAST(NULL AS " + duckDbType(spec.type()) + ") AS " + quote(spec.name()));
        columns.add("false AS " + quote(spec.name() + "_unparsable"));
        continue;
      }
      if (rawType == null) {
        throw new IllegalArgumentException("Cannot run the DuckDB baseline: table " + table.tableName() + " ("
            + files.size() + " Parquet files) has no column " + spec.name()
            + " (expected " + spec.type().describe() + ")");
      }
      String raw = quote(spec.name());
      String converted = converted(table, spec, raw, rawType);
      columns.add(converted + " AS " + raw);
      if (!spec.required()) {
        columns.add("(" + raw + " IS NOT NULL AND (" + converted + ") IS NULL) AS "
            + quote(spec.name() + "_unparsable"));
      }
    }
    return columns;
  }

  private static String converted(InputTable table, ColumnSpec spec, String raw, String rawType) {
    boolean string = rawType.equals("VARCHAR");
    String expression = switch (spec.type()) {
      case STRING -> string ? raw : null;
      case TIMESTAMP -> rawType.equals("TIMESTAMP") ? raw
          : TIMESTAMP_TYPES.contains(rawType) || rawType.equals("DATE") ? "CAST(" + raw + " AS TIMESTAMP)"
          // A string without an offset is UTC (the session zone); one with an offset is converted to UTC.
          : string ? "CAST(TRY_CAST(trim(" + raw + ") AS TIMESTAMPTZ) AS TIMESTAMP)"
          : null;
      case DATE -> rawType.equals("DATE") ? raw
          : TIMESTAMP_TYPES.contains(rawType) ? "CAST(CAST(" + raw + " AS TIMESTAMP) AS DATE)"
          : string ? "TRY_CAST(trim(" + raw + ") AS DATE)"
          : null;
      case BOOLEAN -> rawType.equals("BOOLEAN") ? raw
          : string ? "CASE lower(trim(" + raw + ")) WHEN 'true' THEN true WHEN 'false' THEN false END"
          : null;
    };
    if (expression == null) {
      throw new IllegalArgumentException("Cannot run the DuckDB baseline: table " + table.tableName() + " has column "
          + spec.name() + " of DuckDB type " + rawType + ", expected " + spec.type().describe());
    }
    return expression;
  }

  private static void register(Connection db, SmallTable table) throws SQLException {
    List<ColumnSpec> columns = table.schema().columns();
    try (Statement create = db.createStatement()) {
      create.execute("CREATE TEMP TABLE " + table.name() + " (" + columns.stream()
          .map(c -> quote(c.name()) + " " + duckDbType(c.type()) + " NOT NULL")
          .collect(Collectors.joining(", ")) + ")");
    }
    String placeholders = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    String insertSql = "INSERT INTO " + table.name() + " VALUES (" + placeholders + ")";
    try (PreparedStatement insert = db.prepareStatement(insertSql)) {
      for (List<Object> row : table.rows()) {
        for (int i = 0; i < row.size(); i++) {
          insert.setString(i + 1, row.get(i).toString());
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** The files of a table; an optional table not given is empty (not configured: its rule finds nothing). */
  private static List<String> filesOf(Map<InputTable, List<String>> parquetFiles, InputTable table) {
    List<String> files = parquetFiles.get(table);
    if (files == null && table.optional()) {
      return List.of();
    }
    if (files == null) {
      throw new IllegalArgumentException("Cannot run the DuckDB baseline: no Parquet files given for table "
          + table.tableName());
    }
    return files;
  }

  private static String duckDbType(ColumnType type) {
    return switch (type) {
      case STRING -> "VARCHAR";
      case TIMESTAMP -> "TIMESTAMP";
      case DATE -> "DATE";
      case BOOLEAN -> "BOOLEAN";
    };
  }

  /** A SQL string literal: the text between single quotes, each quote doubled. */
  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
