package io.trainaudit.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.TestSpark;
import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.Policy;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.Members;
import io.trainaudit.tables.Records;
import io.trainaudit.tables.TrainingSnapshots;
import io.trainaudit.tables.ValidatedTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator end to end on 300 members: tables, determinism, reconciliation and ground truth. */
@Tag("job")
class SyntheticDataGeneratorTest {
  private static final Policy POLICY = PlantedCaseTest.POLICY;
  private static final String PLANTED_CASE = "planted_case";

  @TempDir static Path dir;
  private static GenerationResult result;
  private static Path out;

  @BeforeAll
  static void generate() {
    out = dir.resolve("seed-11");
    result = new SyntheticDataGenerator(spark(), POLICY).generate(options(out, 11L));
  }

  @Test
  void writesEveryTableWithTheContractColumnsAndTypes() {
    for (InputTable table : InputTable.values()) {
      Dataset<Row> written = read(out.resolve(table.tableName()));
      assertEquals(namesAndTypes(table.schema().sparkSchema().fields()), namesAndTypes(written.schema().fields()),
          table.tableName());
      assertEquals(result.rowsWritten().get(table).longValue(), written.count(), "rows of " + table.tableName());
    }
    for (OptOutMode mode : OptOutMode.values()) {
      Dataset<Row> truth = read(SyntheticDataGenerator.groundTruthPath(out, mode));
      assertEquals(List.of(Findings.RULE_ID, Findings.SEVERITY, Findings.SNAPSHOT_ID, Findings.RECORD_ID),
          Arrays.asList(truth.columns()));
    }
  }

  @Test
  void sameSeedGivesIdenticalDataAndAnotherSeedDoesNot() {
    Path again = dir.resolve("seed-11-again");
    Path other = dir.resolve("seed-12");
    new SyntheticDataGenerator(spark(), POLICY).generate(options(again, 11L));
    new SyntheticDataGenerator(spark(), POLICY).generate(options(other, 12L));
    for (Path table : tablePaths()) {
      assertEquals(sortedRows(out.resolve(table)), sortedRows(again.resolve(table)), table.toString());
    }
    Path training = Path.of(InputTable.TRAINING_SNAPSHOTS.tableName());
    assertNotEquals(sortedRows(out.resolve(training)), sortedRows(other.resolve(training)),
        "another seed gives other training rows");
  }

  @Test
  void trainingRowsReconcileExactly() {
    Dataset<Row> checked = validated(InputTable.TRAINING_SNAPSHOTS, Optional.empty()).checkedRows();
    long read = checked.count();
    long invalid = checked.where(ValidatedTable.isInvalid()).count();
    Dataset<Row> valid = checked.where(ValidatedTable.isInvalid().unary_$bang());
    long audited = valid.select(TrainingSnapshots.SNAPSHOT_ID, TrainingSnapshots.RECORD_ID).distinct().count();
    long duplicates = valid.count() - audited;

    assertEquals(result.trainingRows(), read);
    assertEquals(result.invalidRows().get(InputTable.TRAINING_SNAPSHOTS).longValue(), invalid);
    assertEquals(result.duplicateTrainingRows(), duplicates);
    assertEquals(result.auditedTrainingRows(), audited);
    assertEquals(read, audited + invalid + duplicates);
    assertEquals(audited + result.plantedCases().get(PlantedCase.DIFFERING_COPIES), valid.distinct().count(),
        "duplicates are exact copies, but for the planted copies that differ");
    assertTrue(duplicates >= 2, "the planted duplicates");
  }

  @Test
  void invalidRowsAreExactlyThoseTheTablesQuarantine() {
    Map<InputTable, Optional<String>> uniqueKeys = Map.of(
        InputTable.RECORDS, Optional.of(Records.RECORD_ID), InputTable.MEMBERS, Optional.of(Members.MEMBER_ID));
    for (InputTable table : InputTable.values()) {
      long quarantined =
          validated(table, uniqueKeys.getOrDefault(table, Optional.empty())).checkedRows().where(ValidatedTable.isInvalid()).count();
      assertEquals(result.invalidRows().get(table).longValue(), quarantined, table.tableName());
      assertTrue(quarantined > 0, "invalid rows planted in " + table.tableName());
    }
  }

  @Test
  void groundTruthMatchesTheResultAndThePlantedCases() {
    Dataset<Row> validTraining = validated(InputTable.TRAINING_SNAPSHOTS, Optional.empty()).valid();
    for (OptOutMode mode : OptOutMode.values()) {
      Dataset<Row> truth = read(SyntheticDataGenerator.groundTruthPath(out, mode));
      assertEquals(truth.count(), truth.distinct().count(), "one finding per rule and training row");
      assertEquals(0, truth.join(validTraining,
          truth.col(Findings.SNAPSHOT_ID).equalTo(validTraining.col(TrainingSnapshots.SNAPSHOT_ID))
              .and(truth.col(Findings.RECORD_ID).equalTo(validTraining.col(TrainingSnapshots.RECORD_ID))),
          "left_anti").count(), "every finding is about an audited training row");

      Map<RuleId, Long> perRule = new HashMap<>();
      for (Row row : truth.groupBy(Findings.RULE_ID, Findings.SEVERITY).count().collectAsList()) {
        RuleId rule = RuleId.valueOf(row.getString(0));
        assertEquals(rule.severity().value(), row.getString(1));
        perRule.put(rule, row.getLong(2));
      }
      for (RuleId rule : RuleId.values()) {
        long found = perRule.getOrDefault(rule, 0L);
        assertEquals(result.expectedFindings(mode, rule), found, rule + " under " + mode);
        long planted = result.plantedFindings(mode).get(rule);
        assertTrue(planted > 0, rule + " is planted under " + mode);
        assertTrue(found >= planted, rule + " under " + mode + ": " + found + " found, " + planted + " planted");
      }
      assertPlantedCasesFound(truth, mode);
    }
  }

  @Test
  void plantedManifestDescribesTheGeneration() throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(SyntheticDataGenerator.plantedManifestPath(out).toFile());
    assertEquals(11L, manifest.get("options").get("seed").asLong());
    assertEquals(4, manifest.get("snapshots").size());
    for (PlantedCase plantedCase : PlantedCase.values()) {
      assertEquals(result.plantedCases().get(plantedCase).longValue(),
          manifest.get("planted_cases").get(plantedCase.slug()).get("count").asLong(), plantedCase.slug());
    }
    for (OptOutMode mode : OptOutMode.values()) {
      for (RuleId rule : RuleId.values()) {
        assertEquals(result.expectedFindings(mode, rule),
            manifest.get("expected_findings").get(mode.configValue()).get(rule.name()).asLong());
        assertTrue(manifest.get("planted_findings").get(mode.configValue()).get(rule.name()).asLong() > 0
            || result.plantedFindings(mode).get(rule) == 0);
      }
    }
    assertEquals(result.auditedTrainingRows(), manifest.get("audited_training_rows").asLong());
  }

  /** Each planted case's rows (named p-<case>-...) produce exactly its designed findings, once per copy. */
  private static void assertPlantedCasesFound(Dataset<Row> truth, OptOutMode mode) {
    Map<String, Long> found = new HashMap<>();
    truth.where(col(Findings.RECORD_ID).startsWith("p-"))
        .withColumn(PLANTED_CASE, regexp_extract(col(Findings.RECORD_ID), "^p-([a-z_]+)-", 1))
        .groupBy(PLANTED_CASE, Findings.RULE_ID).count()
        .collectAsList()
        .forEach(row -> found.put(row.getString(0) + "/" + row.getString(1), row.getLong(2)));
    Map<String, Long> expected = new HashMap<>();
    for (PlantedCase plantedCase : PlantedCase.values()) {
      long copies = result.plantedCases().get(plantedCase);
      assertTrue(copies > 0, plantedCase + " planted");
      plantedCase.expectedFindings(mode).forEach(rule -> expected.put(plantedCase.slug() + "/" + rule.name(), copies));
    }
    assertEquals(new TreeMap<>(expected), new TreeMap<>(found), "planted findings under " + mode);
  }

  private static GeneratorOptions options(Path path, long seed) {
    return new GeneratorOptions(path, 300, 6, 4, seed);
  }

  private static List<Path> tablePaths() {
    List<Path> paths = new ArrayList<>();
    for (InputTable table : InputTable.values()) {
      paths.add(Path.of(table.tableName()));
    }
    for (OptOutMode mode : OptOutMode.values()) {
      paths.add(Path.of(SyntheticDataGenerator.GROUND_TRUTH_DIR, mode.configValue()));
    }
    return paths;
  }

  private static ValidatedTable validated(InputTable table, Optional<String> uniqueKey) {
    ValidatedTable validated = ValidatedTable.of(table, read(out.resolve(table.tableName())), uniqueKey);
    return table == InputTable.MODEL_TRAININGS
        ? io.trainaudit.tables.ModelTrainings.withKnownSnapshots(validated,
            read(out.resolve(InputTable.TRAINING_SNAPSHOTS.tableName())))
        : validated;
  }

  private static List<String> namesAndTypes(StructField[] fields) {
    return Arrays.stream(fields).map(f -> f.name() + " " + f.dataType().sql()).toList();
  }

  /** A small table's rows as sorted text: equal lists mean equal contents, duplicates included. */
  private static List<String> sortedRows(Path path) {
    return read(path).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private static Dataset<Row> read(Path path) {
    return spark().read().format("delta").load(path.toString());
  }

  private static SparkSession spark() {
    return TestSpark.session();
  }
}
