package io.trainaudit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.generate.GeneratorOptions;
import io.trainaudit.generate.SyntheticDataGenerator;
import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.Policy;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.TableLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both baselines against the generator's ground truth: on a generated data set, which plants every
 * boundary case of the contract (ties, changes at exactly captured_at, duplicates, unknown records,
 * invalid rows...), each must find exactly the findings the ground truth lists, in both opt-out
 * modes; and the two must agree on the columns the ground truth does not hold.
 */
@Tag("job")
class BaselinesTest {
  private static final List<String> GROUND_TRUTH_COLUMNS =
      List.of(Findings.RULE_ID, Findings.SEVERITY, Findings.SNAPSHOT_ID, Findings.RECORD_ID);
  private static final List<String> FINDING_COLUMNS = List.of(Findings.RULE_ID, Findings.SEVERITY,
      Findings.SNAPSHOT_ID, Findings.RECORD_ID, Findings.MEMBER_ID, Findings.REGION_GROUP);

  @TempDir static Path dir;
  private static Path data;
  private static AuditConfig config;
  private static Map<InputTable, List<String>> parquetFiles;

  @BeforeAll
  static void generate() {
    data = dir.resolve("data");
    // The contract's example cutoff, so that DATA_ORIGIN_CUTOFF finds something; the default policy has none.
    config = ConfigLoader.fromYaml("tables: {sensitive_contexts: data/sensitive_contexts}\n"
        + "policy: {data_origin_cutoff: {EU: 2024-07-01, UK: 2025-01-01}}\n", dir, "baselines.yaml");
    new SyntheticDataGenerator(spark(), config.policy()).generate(new GeneratorOptions(data, 300, 4, 4, 2026L));
    parquetFiles = DeltaParquetFiles.of(spark(), config);
  }

  @ParameterizedTest
  @EnumSource(OptOutMode.class)
  void bothBaselinesFindExactlyTheGroundTruth(OptOutMode mode) {
    AuditConfig modeConfig = config.withPolicy(config.policy().withOptOutMode(mode));
    List<String> expected = lines(spark().read().format("delta").load(
        SyntheticDataGenerator.groundTruthPath(data, mode).toString()), GROUND_TRUTH_COLUMNS);

    Dataset<Row> naiveFindings = NaiveSparkSqlAudit.findings(spark(), modeConfig);
    assertEquals(FINDING_COLUMNS, List.of(naiveFindings.columns()));
    List<String> naive = lines(naiveFindings, FINDING_COLUMNS);
    assertSameFindings(expected, firstFields(naive, GROUND_TRUTH_COLUMNS.size()),
        "naive Spark SQL, " + mode.configValue());

    Path out = dir.resolve("duckdb-" + mode.configValue() + ".parquet");
    long written = DuckDbAudit.run(parquetFiles, modeConfig.policy(), 2, "1GB", dir.resolve("duckdb-spill"), out);
    Dataset<Row> duckDbFindings = spark().read().parquet(out.toString());
    assertEquals(FINDING_COLUMNS, List.of(duckDbFindings.columns()));
    List<String> duckDb = lines(duckDbFindings, FINDING_COLUMNS);
    assertEquals(expected.size(), written, "findings DuckDB reports writing");
    assertSameFindings(expected, firstFields(duckDb, GROUND_TRUTH_COLUMNS.size()), "DuckDB, " + mode.configValue());

    assertSameFindings(naive, duckDb, "DuckDB against naive Spark SQL on the audited member and region group too");
  }

  /**
   * What the generator does not plant: a record_id and a member_id held by two rows (every copy is
   * quarantined), copies of a training row that differ (every copy is judged: the affiliate copy of
   * r5 is not hidden by its internal copy), tables whose columns are strings (converted, and
   * quarantined where they do not parse), and a data set written before records had context_id,
   * with no sensitive_contexts table configured.
   */
  @Test
  void duplicateKeysDifferingCopiesAndStringColumnsAreHandledAsTheContractSays() {
    Path fixtureDir = dir.resolve("fixture");
    String capture = "2025-12-01T00:00:00Z";
    String longAgo = "2020-01-01T00:00:00Z";
    InputFixture canonical = new InputFixture()
        .training("s1", capture, "generative", "internal", "r1", "m1")
        .training("s1", capture, "generative", "internal", "r-dup", "m1")
        .training("s1", capture, "generative", "internal", "r3", "m-dup")
        .training("s1", capture, "generative", "internal", "r4", "m3")
        .training("s1", capture, "generative", "parentco", "r5", "m5")
        .training("s1", capture, "generative", "internal", "r5", "m5")
        .record("r1", "m1", "post", "2025-06-01T00:00:00Z", null)
        .record("r-dup", "m1", "post", "2025-06-01T00:00:00Z", null)
        .record("r-dup", "m2", "post", "2025-06-01T00:00:00Z", null)
        .record("r3", "m-dup", "post", "2025-06-01T00:00:00Z", null)
        .record("r4", "m3", "post", "2025-06-01T00:00:00Z", null)
        .record("r5", "m5", "post", "2025-06-01T00:00:00Z", null)
        .visibility("r1", "public", longAgo)
        .visibility("r-dup", "public", longAgo)
        .visibility("r3", "public", longAgo)
        .visibility("r4", "public", longAgo)
        .visibility("r5", "public", longAgo)
        .region("m1", "US", longAgo)
        .region("m-dup", "US", longAgo)
        .region("m3", "US", longAgo)
        .region("m5", "DE", longAgo);
    canonical.writeWithoutOptionalColumnsAndTables(spark(), fixtureDir.resolve("data"));
    writeStrings(InputTable.MEMBERS, fixtureDir, List.of(
        Arrays.asList("m1", " 2010-05-01 ", null),
        Arrays.asList("m3", "01/05/1990", null),
        Arrays.asList("m5", "1980-01-01", null),
        Arrays.asList("m-dup", "1990-01-01", "2025-01-01T00:00:00Z"),
        Arrays.asList("m-dup", "1990-01-01", null)));
    writeStrings(InputTable.CONSENT_EVENTS, fixtureDir, List.of(
        Arrays.asList("e1", "m1", "generative_ai_setting", " True ", "2025-11-01 00:00:00", "ui"),
        Arrays.asList("e2", "m5", "generative_ai_setting", "yes", "2025-11-01T00:00:00Z", "ui")));
    AuditConfig fixture = ConfigLoader.defaults(fixtureDir);

    List<String> expected = Stream.of(
            "AFFILIATE_SHARE_PROTECTED|violation|s1|r5|m5|EU",
            "AGE_UNKNOWN|unverifiable|s1|r3|m-dup|US",
            "AGE_UNKNOWN|unverifiable|s1|r4|m3|US",
            "OPT_OUT_GENERATIVE|violation|s1|r-dup|m1|US",
            "OPT_OUT_GENERATIVE|violation|s1|r1|m1|US",
            "RECORD_UNKNOWN|unverifiable|s1|r-dup|m1|US",
            "UNDER_AGE|violation|s1|r-dup|m1|US",
            "UNDER_AGE|violation|s1|r1|m1|US")
        .sorted().toList();
    assertSameFindings(expected, lines(NaiveSparkSqlAudit.findings(spark(), fixture), FINDING_COLUMNS),
        "naive Spark SQL");
    Path out = fixtureDir.resolve("duckdb.parquet");
    DuckDbAudit.run(DeltaParquetFiles.of(spark(), fixture), fixture.policy(), 1, "1GB", fixtureDir, out);
    assertSameFindings(expected, lines(spark().read().parquet(out.toString()), FINDING_COLUMNS), "DuckDB");
  }

  @Test
  void theGroundTruthCoversEveryRuleInBothModes() {
    for (OptOutMode mode : OptOutMode.values()) {
      Set<String> rules = new TreeSet<>(lines(spark().read().format("delta").load(
          SyntheticDataGenerator.groundTruthPath(data, mode).toString()), List.of(Findings.RULE_ID)));
      assertEquals(RuleId.ids(), rules, "rules with findings in the ground truth, " + mode.configValue());
    }
  }

  @Test
  void bothBaselinesRefuseDisabledRules() {
    Policy disabling =
        ConfigLoader.fromYaml("policy:\n  disabled_rules: [UNDER_AGE]\n", dir, "disabling.yaml").policy();
    String message = "the baselines evaluate every rule; policy.disabled_rules must be empty";
    assertEquals(message, assertThrows(IllegalArgumentException.class,
        () -> NaiveSparkSqlAudit.findings(spark(), config.withPolicy(disabling))).getMessage());
    assertEquals(message, assertThrows(IllegalArgumentException.class,
        () -> DuckDbAudit.run(parquetFiles, disabling, 1, "1GB", dir, dir.resolve("never.parquet"))).getMessage());
  }

  @Test
  void catalogTablesAreRefusedWithTheirName() {
    Map<InputTable, TableLocation> tables = new EnumMap<>(config.tables());
    tables.put(InputTable.MEMBERS, new TableLocation.CatalogTable("crm.members"));
    AuditConfig catalog = new AuditConfig(config.source(), config.spark(), tables, config.output(), config.policy(),
        config.export());
    assertEquals("Cannot run the naive Spark SQL baseline: table members is catalog:crm.members; only path"
            + " locations are supported",
        assertThrows(IllegalArgumentException.class, () -> NaiveSparkSqlAudit.findings(spark(), catalog)).getMessage());
    assertEquals("Cannot list the Parquet files of table members: catalog:crm.members is a catalog table; only path"
            + " locations are supported",
        assertThrows(IllegalArgumentException.class, () -> DeltaParquetFiles.of(spark(), catalog)).getMessage());
  }

  /** Writes a table whose every column is a STRING, as the contract accepts, under {@code dir/data}. */
  private static void writeStrings(InputTable table, Path dir, List<List<String>> rows) {
    StructType schema = DataTypes.createStructType(table.schema().columnNames().stream()
        .map(c -> DataTypes.createStructField(c, DataTypes.StringType, true)).toArray(StructField[]::new));
    spark().createDataFrame(rows.stream().map(r -> RowFactory.create(r.toArray())).toList(), schema)
        .write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true")
        .save(dir.resolve("data").resolve(table.tableName()).toString());
  }

  /** The rows as sorted lines of the columns joined by {@code |}; the test data is small. */
  private static List<String> lines(Dataset<Row> rows, List<String> columns) {
    return rows.selectExpr(columns.toArray(String[]::new)).collectAsList().stream()
        .map(r -> IntStream.range(0, columns.size()).mapToObj(i -> String.valueOf(r.get(i)))
            .collect(Collectors.joining("|")))
        .sorted()
        .toList();
  }

  /** Equal sorted lists of findings; on failure, names only the findings missing and those unexpected. */
  private static void assertSameFindings(List<String> expected, List<String> actual, String what) {
    if (!expected.equals(actual)) {
      List<String> missing = new ArrayList<>(expected);
      actual.forEach(missing::remove);
      List<String> unexpected = new ArrayList<>(actual);
      expected.forEach(unexpected::remove);
      fail(what + ": " + actual.size() + " findings instead of " + expected.size() + "; missing " + missing
          + ", unexpected " + unexpected);
    }
  }

  /** Each line cut to its first {@code count} fields, sorted again. */
  private static List<String> firstFields(List<String> lines, int count) {
    return lines.stream()
        .map(line -> String.join("|", Arrays.asList(line.split("\\|", -1)).subList(0, count)))
        .sorted()
        .toList();
  }

  private static SparkSession spark() {
    return TestSpark.session();
  }
}
