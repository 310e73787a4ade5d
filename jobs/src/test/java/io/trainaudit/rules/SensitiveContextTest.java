package io.trainaudit.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.config.Policy;
import io.trainaudit.tables.InputTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** SENSITIVE_CONTEXT on five enriched rows: a known record whose context holds a listed category at capture. */
class SensitiveContextTest {
  private static final StructType ROW = new StructType()
      .add(AuditRow.RECORD_ID, DataTypes.StringType)
      .add(AuditRow.RECORD_KNOWN, DataTypes.BooleanType)
      .add(AuditRow.CONTEXT_ID, DataTypes.StringType)
      .add(AuditRow.SENSITIVE_CATEGORIES, DataTypes.createArrayType(DataTypes.StringType))
      .add(AuditRow.SENSITIVE_SINCE, DataTypes.TimestampType);
  private static final String SINCE = "2025-02-01T00:00:00Z";

  private final Dataset<Row> rows = TestSpark.session().createDataFrame(List.of(
      RowFactory.create("r-union", true, "g1", new String[] {"trade_union"}, InputFixture.ts(SINCE)),
      RowFactory.create("r-two", true, "g2", new String[] {"health", "trade_union"}, InputFixture.ts(SINCE)),
      RowFactory.create("r-plain", true, "g3", null, null),
      RowFactory.create("r-no-context", true, null, null, null),
      RowFactory.create("r-unknown", false, null, new String[] {"health"}, InputFixture.ts(SINCE))), ROW);

  @Test
  void aKnownRecordInAContextFlaggedWithAListedCategoryIsAFinding() {
    assertEquals(List.of("r-two", "r-union"), found(ConfigLoader.defaults(Path.of(".")).policy()));
  }

  @Test
  void onlyTheCategoriesThePolicyListsCount() {
    Policy religionOnly = ConfigLoader.fromYaml("policy: {sensitive_categories: [religion, health]}\n", Path.of("."),
        "f.yaml").policy();
    assertEquals(List.of("r-two"), found(religionOnly));
  }

  @Test
  void theEvidenceNamesTheContextItsCategoriesAndSinceWhen() {
    Rule rule = new SensitiveContext();
    assertEquals(Set.of(InputTable.SENSITIVE_CONTEXTS), rule.inputs());
    assertEquals(Severity.VIOLATION, rule.severity());
    String evidence = rows.where(col(AuditRow.RECORD_ID).equalTo("r-two"))
        .select(to_json(rule.evidence(ConfigLoader.defaults(Path.of(".")).policy()))).first().getString(0);
    assertEquals("{\"context_id\":\"g2\",\"categories\":[\"health\",\"trade_union\"],"
        + "\"categories_since\":\"2025-02-01T00:00:00.000Z\"}", evidence);
  }

  private List<String> found(Policy policy) {
    return rows.where(new SensitiveContext().finding(policy)).select(AuditRow.RECORD_ID)
        .collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
  }
}
