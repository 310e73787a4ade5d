package io.trainaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.TestSpark;
import io.trainaudit.tables.ColumnSpec;
import io.trainaudit.tables.ColumnType;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.Quarantine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every column of every input table with every fault the contract allows to be met: a generated
 * data set is rewritten with every column as text and three extra columns whose names hold a dot,
 * a space and a backtick, and one row is planted per (column, fault): null, empty, whitespace
 * only, unparsable, a partial time, out of vocabulary, a duplicate key. The run succeeds, each
 * planted row is quarantined with the reason naming its column, coverage reconciles, and the
 * findings of the valid rows equal the generator's ground truth exactly.
 */
@Tag("e2e")
class BadInputE2eTest {
  private static final String MARKER = "extra.col";
  private static final List<String> EXTRA = List.of(MARKER, "with space", "back`tick");
  private static final Map<InputTable, Map<String, String>> TEMPLATES = Map.of(
      InputTable.TRAINING_SNAPSHOTS, row("snapshot_id", "s-fault", "captured_at", "2026-01-01T00:00:00Z",
          "purpose", "generative", "recipient", "internal", "record_id", "r-fault", "member_id", "m-fault"),
      InputTable.RECORDS, row("record_id", "r-fault", "member_id", "m-fault", "record_type", "post",
          "created_at", "2025-01-01T00:00:00Z", "deleted_at", null, "context_id", "g-fault"),
      InputTable.RECORD_VISIBILITY, row("record_id", "r-fault", "visibility", "public",
          "effective_from", "2025-01-01T00:00:00Z"),
      InputTable.CONSENT_EVENTS, row("event_id", "e-fault", "member_id", "m-fault", "channel", "generative_ai_setting",
          "opted_out", "true", "event_time", "2025-01-01T00:00:00Z", "source", "ui"),
      InputTable.MEMBERS, row("member_id", "m-fault", "birth_date", "1990-01-01", "closed_at", null),
      InputTable.MEMBER_REGIONS, row("member_id", "m-fault", "country_code", "US", "effective_from",
          "2020-01-01T00:00:00Z"),
      InputTable.SENSITIVE_CONTEXTS, row("context_id", "c-fault", "category", "health", "flagged", "true",
          "effective_from", "2025-01-01T00:00:00Z"),
      InputTable.MODEL_TRAININGS, row("model_id", "model-fault", "model_version", "v-fault", "snapshot_id", "s-fault",
          "trained_at", "2026-01-02T00:00:00Z", "released_at", null));
  /** Per table, a value outside its column's vocabulary, and the reason it is quarantined with. */
  private static final Map<InputTable, List<String>> OUT_OF_VOCABULARY = Map.of(
      InputTable.TRAINING_SNAPSHOTS, List.of("purpose", "Generative", "purpose outside [generative, non_generative]"),
      InputTable.RECORD_VISIBILITY, List.of("visibility", "friends",
          "visibility outside [public, connections, private, hidden]"),
      InputTable.CONSENT_EVENTS, List.of("channel", "email", "channel outside [generative_ai_setting,"
          + " objection_generative, objection_non_generative]"),
      InputTable.MEMBER_REGIONS, List.of("country_code", "gb", "country_code is not an ISO 3166-1 alpha-2 code"));
  private static final Map<InputTable, String> UNIQUE_KEYS = Map.of(InputTable.RECORDS, "record_id",
      InputTable.MEMBERS, "member_id");

  @TempDir Path dir;

  /** A planted row: its table, its values by column, and the reason it must be quarantined with. */
  private record Fault(InputTable table, Map<String, String> values, String reason) {}

  @Test
  void everyFaultOfEveryColumnIsQuarantinedAndTheFindingsOfTheValidRowsAreExact() throws Exception {
    SparkSession spark = TestSpark.session();
    JsonNode planted = GeneratedData.shared(dir);
    List<Fault> faults = faults();
    Map<InputTable, Long> plantedByTable = new TreeMap<>();
    String previous = spark.conf().get(COLUMN_MAPPING, "none");
    spark.conf().set(COLUMN_MAPPING, "name");
    try {
      for (InputTable table : InputTable.values()) {
        List<Fault> ofTable = faults.stream().filter(f -> f.table() == table).toList();
        plantedByTable.put(table, (long) ofTable.size());
        asText(spark, dir.resolve("data"), table, ofTable).write().format("delta").save(dir.resolve("text").resolve(table.tableName())
            .toString());
      }
    } finally {
      spark.conf().set(COLUMN_MAPPING, previous);
    }
    Path config = GeneratedData.config(dir, "audit.yaml", "tables:",
        Arrays.stream(InputTable.values()).map(t -> "  " + t.tableName() + ": text/" + t.tableName())
            .collect(Collectors.joining("\n")),
        "policy: {opt_out_mode: use_time}");

    Cli.Outcome run = Cli.run("run", "--config", config.toString(), "--full");
    assertEquals(1, run.exitCode(), run.err());

    Dataset<Row> quarantine = spark.read().format("delta").load(dir.resolve("out/quarantine").toString());
    for (Fault fault : faults) {
      String marker = fault.values().get(MARKER);
      List<String> reasons = quarantine.where(col(Quarantine.TABLE).equalTo(fault.table().tableName())
              .and(col(Quarantine.ROW_JSON).contains("\"" + MARKER + "\":\"" + marker + "\"")))
          .select(Quarantine.REASON).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
      assertEquals(List.of(fault.reason()), reasons, fault.table().tableName() + " " + fault.values());
    }
    JsonNode summary = new ObjectMapper().readTree(Files.list(dir.resolve("out/reports")).findFirst().orElseThrow()
        .resolve("summary.json").toFile());
    for (InputTable table : InputTable.values()) {
      assertEquals(planted.at("/invalid_rows/" + table.tableName()).asLong() + plantedByTable.get(table),
          summary.at("/quarantined_rows_by_table/" + table.tableName()).asLong(), table.tableName());
    }
    JsonNode coverage = summary.get("coverage");
    long trainingFaults = plantedByTable.get(InputTable.TRAINING_SNAPSHOTS);
    assertEquals(planted.at("/training_rows").asLong() + trainingFaults, coverage.get("rows_read").asLong());
    assertEquals(planted.at("/invalid_rows/training_snapshots").asLong() + trainingFaults,
        coverage.get("rows_quarantined").asLong());
    assertEquals(planted.at("/duplicate_training_rows").asLong(), coverage.get("rows_duplicate").asLong());
    assertTrue(coverage.get("reconciled").asBoolean());

    assertEquals(keys(spark.read().format("delta").load(dir.resolve("data/ground_truth/use_time").toString())),
        keys(spark.read().format("delta").load(dir.resolve("out/findings").toString())));
  }

  private static final String COLUMN_MAPPING = "spark.databricks.delta.properties.defaults.columnMapping.mode";

  /** Every fault of every column, each on a row of its own marked in the extra column. */
  private static List<Fault> faults() {
    List<Fault> faults = new ArrayList<>();
    for (InputTable table : InputTable.values()) {
      for (ColumnSpec column : table.schema().columns()) {
        String name = column.name();
        if (column.required()) {
          faults.add(fault(table, name, null, "null " + name));
          faults.add(fault(table, name, "", "blank " + name));
          faults.add(fault(table, name, " \t ", "blank " + name));
        }
        if (column.type() == ColumnType.TIMESTAMP) {
          for (String bad : List.of("2025-11-03T09", "12:00:00", "T08:15", "2025", "+12345-01-01", "2025-02-30",
              "yesterday")) {
            faults.add(fault(table, name, bad, "unparsable " + name + ": '" + bad + "'"));
          }
          if (!column.required()) {
            faults.add(fault(table, name, "", "unparsable " + name + ": ''"));
          }
        }
        if (column.type() == ColumnType.DATE) {
          for (String bad : List.of("2008-02-29 garbage", "2008-2-9", "2007-02-29", "")) {
            faults.add(fault(table, name, bad, "unparsable " + name + ": '" + bad + "'"));
          }
        }
        if (column.type() == ColumnType.BOOLEAN) {
          faults.add(fault(table, name, "yes", "unparsable " + name + ": 'yes'"));
        }
      }
      List<String> vocabulary = OUT_OF_VOCABULARY.get(table);
      if (vocabulary != null) {
        faults.add(fault(table, vocabulary.get(0), vocabulary.get(1), vocabulary.get(2)));
      }
      String key = UNIQUE_KEYS.get(table);
      if (key != null) {
        String reason = "duplicate " + key + " (2 rows): which one holds cannot be told";
        faults.add(fault(table, key, key + "-twice", reason));
        faults.add(fault(table, key, key + "-twice", reason));
      }
    }
    for (int i = 0; i < faults.size(); i++) {
      faults.get(i).values().put(MARKER, "fault-" + i);
    }
    return faults;
  }

  private static Fault fault(InputTable table, String column, String value, String reason) {
    Map<String, String> values = new LinkedHashMap<>(TEMPLATES.get(table));
    values.put(column, value);
    // Fresh ids, so that a row the auditor wrongly took as valid would show in the findings.
    values.replaceAll((c, v) -> v != null && v.endsWith("-fault") ? v + "-" + column : v);
    return new Fault(table, values, reason);
  }

  /** The generated table with every column as text, the extra columns, and the planted rows. */
  private static Dataset<Row> asText(SparkSession spark, Path data, InputTable table, List<Fault> faults) {
    List<String> columns = table.schema().columnNames();
    Dataset<Row> generated = spark.read().format("delta").load(data.resolve(table.tableName()).toString());
    Dataset<Row> text = generated
        .select(columns.stream().map(c -> col(c).cast(DataTypes.StringType).as(c)).toArray(Column[]::new))
        .withColumn(EXTRA.get(0), lit(null).cast(DataTypes.StringType))
        .withColumn(EXTRA.get(1), lit(7))
        .withColumn(EXTRA.get(2), lit(true));
    List<Row> rows = new ArrayList<>();
    for (Fault fault : faults) {
      List<Object> values = new ArrayList<>();
      columns.forEach(c -> values.add(fault.values().get(c)));
      values.addAll(List.of(fault.values().get(MARKER), 7, true));
      rows.add(RowFactory.create(values.toArray()));
    }
    return text.union(spark.createDataFrame(rows, text.schema()));
  }

  private static Map<String, String> row(String... namesAndValues) {
    Map<String, String> row = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      row.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return row;
  }

  private static List<String> keys(Dataset<Row> findings) {
    return findings.select(Findings.RULE_ID, Findings.SEVERITY, Findings.SNAPSHOT_ID, Findings.RECORD_ID)
        .collectAsList().stream().map(r -> r.mkString("|")).sorted().toList();
  }

}
