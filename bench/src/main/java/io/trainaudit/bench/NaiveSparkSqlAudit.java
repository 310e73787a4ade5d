package io.trainaudit.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.ColumnSpec;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.SchemaCheck;
import io.trainaudit.tables.TableLocation;
import io.trainaudit.tables.TableLocation.PathLocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The benchmark's naive baseline: the contract's fourteen rules written the obvious way in Spark SQL,
 * as a competent engineer would on a first go, without the audit's optimisations.
 *
 * <p>Each input table becomes a temp view of its valid rows (the contract's quarantine rules as SQL
 * filters); each history becomes a view of its changes with equal-timestamp ties collapsed; the
 * state at capture is a range join (same key, change at or before captured_at) keeping the latest
 * row per training row. Then one SQL query per rule, each reading the training rows and joining
 * the views it needs, and the union of the fourteen. Views are not materialised: Spark plans every
 * rule's joins on its own. The SQL lives under {@code bench/naive/}; the policy reaches it as small
 * temp views and bound parameters. The views are registered in the given session, so two runs must
 * not overlap in one session.
 */
public final class NaiveSparkSqlAudit {
  private static final String SQL_DIR = "naive/";
  /** Views over the valid inputs, in dependency order; each is {@code naive/<view>.sql}. */
  private static final List<String> VIEWS = List.of(
      "audited_rows", "visibility_changes", "consent_changes", "region_changes", "context_changes",
      "visibility_at_capture", "opt_out_at_capture", "region_at_capture", "sensitive_at_capture");
  private static final String RULE_FINDINGS_VIEW = "rule_findings";

  private NaiveSparkSqlAudit() {}

  /**
   * The findings of every rule over the tables of {@code config}, read at their latest Delta
   * version: columns rule_id, severity, snapshot_id, record_id, member_id and region_group.
   *
   * @throws IllegalArgumentException if the policy disables a rule, a table is a {@code catalog:}
   *     table, or the session's time zone is not UTC
   */
  public static Dataset<Row> findings(SparkSession spark, AuditConfig config) {
    PolicyTables.requireEveryRule(config.policy());
    requireUtc(spark);
    Map<String, Object> parameters = PolicyTables.scalars(config.policy());
    for (InputTable table : InputTable.judgedTables()) {
      registerValidRows(spark, table, config.has(table) ? config.location(table) : null);
    }
    for (SmallTable table : PolicyTables.of(config.policy())) {
      register(spark, table);
    }
    for (String view : VIEWS) {
      query(spark, view, parameters).createOrReplaceTempView(view);
    }
    Dataset<Row> ruleFindings = null;
    for (RuleId rule : RuleId.values()) {
      Dataset<Row> found =
          query(spark, "rules/" + rule.name(), parameters).select(
              lit(rule.name()).as(Findings.RULE_ID),
              lit(rule.severity().value()).as(Findings.SEVERITY),
              col(Findings.SNAPSHOT_ID),
              col(Findings.RECORD_ID),
              col(Findings.MEMBER_ID),
              col("copy"));
      ruleFindings = ruleFindings == null ? found : ruleFindings.unionAll(found);
    }
    ruleFindings.createOrReplaceTempView(RULE_FINDINGS_VIEW);
    return query(spark, "findings", parameters);
  }

  /**
   * Registers {@code typed_<table>} (columns in their logical types) and {@code valid_<table>}; an
   * optional table that is not configured ({@code location} null) is registered empty, and an
   * optional column a table lacks is null in every row.
   */
  private static void registerValidRows(SparkSession spark, InputTable table, TableLocation location) {
    Dataset<Row> raw;
    if (location == null) {
      raw = spark.createDataFrame(List.of(), table.schema().sparkSchema());
    } else if (location instanceof PathLocation path) {
      raw = spark.read().format("delta").load(path.path());
      SchemaCheck.check(table.schema(), location, raw.schema());
      raw = table.schema().withOptionalColumns(raw);
    } else {
      throw new IllegalArgumentException("Cannot run the naive Spark SQL baseline: table " + table.tableName()
          + " is " + location.display() + "; only path locations are supported");
    }
    raw.selectExpr(typedColumns(table, raw.schema())).createOrReplaceTempView("typed_" + table.tableName());
    query(spark, "valid_" + table.tableName(), Map.of()).createOrReplaceTempView("valid_" + table.tableName());
  }

  /**
   * Each column converted to its logical type as the contract's type table says; a nullable column
   * also gets {@code <column>_unparsable}, true when a value is present but does not convert (a
   * required column that does not convert is simply null, which the validity filter refuses).
   */
  private static String[] typedColumns(InputTable table, StructType rawSchema) {
    List<String> columns = new ArrayList<>();
    for (ColumnSpec spec : table.schema().columns()) {
      String raw = quote(spec.name());
      DataType rawType = rawSchema.apply(spec.name()).dataType();
      String converted = converted(spec, raw, rawType);
      columns.add(converted + " AS " + raw);
      if (!spec.required()) {
        columns.add("(" + raw + " IS NOT NULL AND (" + converted + ") IS NULL) AS "
            + quote(spec.name() + "_unparsable"));
      }
    }
    return columns.toArray(String[]::new);
  }

  private static String converted(ColumnSpec spec, String raw, DataType rawType) {
    if (rawType.equals(spec.type().canonical())) {
      return raw;
    }
    boolean string = rawType.equals(DataTypes.StringType);
    return switch (spec.type()) {
      case TIMESTAMP -> string ? "to_timestamp(trim(" + raw + "))" : "CAST(" + raw + " AS TIMESTAMP)";
      case DATE -> string ? "to_date(trim(" + raw + "))" : "to_date(" + raw + ")";
      case BOOLEAN -> "CASE lower(trim(" + raw + ")) WHEN 'true' THEN true WHEN 'false' THEN false END";
      case STRING -> "CAST(" + raw + " AS STRING)";
    };
  }

  private static void register(SparkSession spark, SmallTable table) {
    List<Row> rows = table.rows().stream()
        .map(values -> RowFactory.create(values.stream().map(NaiveSparkSqlAudit::sparkValue).toArray()))
        .toList();
    StructType schema = new StructType(Arrays.stream(table.schema().sparkSchema().fields())
        .map(f -> new StructField(f.name(), f.dataType(), false, f.metadata()))
        .toArray(StructField[]::new));
    spark.createDataFrame(rows, schema).createOrReplaceTempView(table.name());
  }

  private static Object sparkValue(Object value) {
    return value instanceof java.time.LocalDate date ? java.sql.Date.valueOf(date) : value;
  }

  private static Dataset<Row> query(SparkSession spark, String name, Map<String, Object> parameters) {
    return spark.sql(SqlScripts.load(SQL_DIR + name + ".sql"), parameters);
  }

  private static void requireUtc(SparkSession spark) {
    String zone = spark.conf().get("spark.sql.session.timeZone");
    if (!"UTC".equals(zone)) {
      throw new IllegalArgumentException("Cannot run the naive Spark SQL baseline: the session time zone is " + zone
          + ", expected UTC (spark.sql.session.timeZone)");
    }
  }

  private static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
