package io.trainaudit.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input tables: existence, Delta format, required columns and types, and row-level quarantine. */
class InputValidationTest {
  private final SparkSession spark = TestSpark.session();

  @Test
  void aMissingTableIsNamedWithItsLocation(@TempDir Path dir) {
    TableLocation location = TableLocation.PathLocation.local(dir.resolve("nothing"));
    AuditException e = assertThrows(AuditException.class,
        () -> DeltaTables.requireDelta(spark, "records", location));
    assertEquals(ErrorCode.INPUT_SCHEMA, e.code());
    assertEquals("Cannot audit: table records (path " + dir.resolve("nothing") + ") does not exist", e.getMessage());
  }

  @Test
  void aDirectoryThatIsNotDeltaIsNamed(@TempDir Path dir) throws Exception {
    Path parquet = dir.resolve("members");
    spark.createDataFrame(List.of(RowFactory.create("m1")), new StructType().add("member_id", DataTypes.StringType))
        .write().parquet(parquet.toString());
    AuditException e = assertThrows(AuditException.class,
        () -> DeltaTables.requireDelta(spark, "members", TableLocation.PathLocation.local(parquet)));
    assertEquals("Cannot audit: table members (path " + parquet + ") is not a Delta table", e.getMessage());
    assertEquals(true, Files.isDirectory(parquet));
  }

  @Test
  void aMissingColumnIsNamedWithTheExpectedType() {
    StructType actual = new StructType()
        .add("event_id", DataTypes.StringType).add("member_id", DataTypes.StringType)
        .add("channel", DataTypes.StringType).add("opted_out", DataTypes.BooleanType);
    TableLocation location = new TableLocation.PathLocation("/data/consent_events");
    AuditException e = assertThrows(AuditException.class,
        () -> SchemaCheck.check(ConsentEvents.SCHEMA, location, actual));
    assertEquals("Cannot audit: table consent_events (path /data/consent_events) has no column event_time"
        + " (expected TIMESTAMP (or a compatible DATE/STRING/TIMESTAMP_NTZ))", e.getMessage());
  }

  @Test
  void anIncompatibleTypeIsNamed() {
    StructType actual = InputFixture.nullableSchema(InputTable.MEMBERS);
    StructType wrong = new StructType()
        .add("member_id", DataTypes.StringType).add("birth_date", DataTypes.IntegerType)
        .add("closed_at", DataTypes.TimestampType);
    TableLocation location = new TableLocation.CatalogTable("crm.members");
    SchemaCheck.check(Members.SCHEMA, location, actual);
    AuditException e = assertThrows(AuditException.class, () -> SchemaCheck.check(Members.SCHEMA, location, wrong));
    assertEquals("Cannot audit: table members (catalog table catalog:crm.members) has column birth_date of type INT,"
        + " expected DATE (or a compatible STRING/TIMESTAMP)", e.getMessage());
  }

  @Test
  void anOptionalColumnMayBeAbsentAndIsThenNullInEveryRow() {
    StructType older = new StructType()
        .add("record_id", DataTypes.StringType).add("member_id", DataTypes.StringType)
        .add("record_type", DataTypes.StringType).add("created_at", DataTypes.TimestampType)
        .add("deleted_at", DataTypes.TimestampType);
    SchemaCheck.check(Records.SCHEMA, new TableLocation.PathLocation("/data/records"), older);
    Dataset<Row> raw = spark.createDataFrame(List.of(
        RowFactory.create("r1", "m1", "post", InputFixture.ts("2025-01-01T00:00:00Z"), null),
        RowFactory.create("r2", "m1", "post", null, null)), older);
    ValidatedTable table = ValidatedTable.of(InputTable.RECORDS, raw, Optional.of(Records.RECORD_ID));
    assertEquals(List.of("[r1,m1,post,2025-01-01 00:00:00.0,null,null]"),
        table.valid().collectAsList().stream().map(Row::toString).toList());
    assertEquals(Records.CONTEXT_ID, table.valid().columns()[5]);
    assertEquals(List.of("null created_at | {\"record_id\":\"r2\",\"member_id\":\"m1\",\"record_type\":\"post\"}"),
        table.quarantined("run-1").collectAsList().stream().map(r -> r.getString(1) + " | " + r.getString(2)).toList());
  }

  @Test
  void anOptionalColumnThatIsPresentIsTypeChecked() {
    StructType actual = new StructType(java.util.Arrays.stream(InputFixture.nullableSchema(InputTable.RECORDS).fields())
        .map(f -> f.name().equals(Records.CONTEXT_ID) ? DataTypes.createStructField(f.name(), DataTypes.LongType, true) : f)
        .toArray(org.apache.spark.sql.types.StructField[]::new));
    AuditException e = assertThrows(AuditException.class,
        () -> SchemaCheck.check(Records.SCHEMA, new TableLocation.PathLocation("/data/records"), actual));
    assertEquals("Cannot audit: table records (path /data/records) has column context_id of type BIGINT, expected"
        + " STRING", e.getMessage());
  }

  @Test
  void badSensitiveContextRowsAreQuarantinedWithTheirReasons() {
    StructType stringly = new StructType()
        .add("context_id", DataTypes.StringType).add("category", DataTypes.StringType)
        .add("flagged", DataTypes.StringType).add("effective_from", DataTypes.StringType);
    Dataset<Row> raw = spark.createDataFrame(List.of(
        RowFactory.create("g1", "trade_union", "true", "2025-01-01T00:00:00Z"),
        RowFactory.create("g1", "sports club", "FALSE", "2025-01-01"),
        RowFactory.create(null, "trade_union", "true", "2025-01-01T00:00:00Z"),
        RowFactory.create("g2", " ", "true", "2025-01-01T00:00:00Z"),
        RowFactory.create("g3", "health", null, "2025-01-01T00:00:00Z"),
        RowFactory.create("g4", "health", "yes", "2025-01-01T00:00:00Z"),
        RowFactory.create("g5", "religion", "true", "last week")), stringly);
    ValidatedTable table = ValidatedTable.of(InputTable.SENSITIVE_CONTEXTS, raw, Optional.empty());
    assertEquals(List.of("[g1,sports club,false,2025-01-01 00:00:00.0]", "[g1,trade_union,true,2025-01-01 00:00:00.0]"),
        table.valid().collectAsList().stream().map(Row::toString).sorted().toList());
    assertEquals(List.of(
            "sensitive_contexts | blank category | {\"context_id\":\"g2\",\"category\":\" \",\"flagged\":\"true\","
                + "\"effective_from\":\"2025-01-01T00:00:00Z\"}",
            "sensitive_contexts | null context_id | {\"category\":\"trade_union\",\"flagged\":\"true\","
                + "\"effective_from\":\"2025-01-01T00:00:00Z\"}",
            "sensitive_contexts | null flagged | {\"context_id\":\"g3\",\"category\":\"health\","
                + "\"effective_from\":\"2025-01-01T00:00:00Z\"}",
            "sensitive_contexts | unparsable effective_from: 'last week' | {\"context_id\":\"g5\",\"category\":"
                + "\"religion\",\"flagged\":\"true\",\"effective_from\":\"last week\"}",
            "sensitive_contexts | unparsable flagged: 'yes' | {\"context_id\":\"g4\",\"category\":\"health\","
                + "\"flagged\":\"yes\",\"effective_from\":\"2025-01-01T00:00:00Z\"}"),
        table.quarantined("run-1").collectAsList().stream()
            .map(r -> r.getString(0) + " | " + r.getString(1) + " | " + r.getString(2)).sorted().toList());
  }

  @Test
  void everyInvalidRowIsQuarantinedWithItsReasonAndNoneIsDropped() {
    StructType stringly = new StructType()
        .add("event_id", DataTypes.StringType).add("member_id", DataTypes.StringType)
        .add("channel", DataTypes.StringType).add("opted_out", DataTypes.StringType)
        .add("event_time", DataTypes.StringType).add("source", DataTypes.StringType)
        .add("extra", DataTypes.StringType);
    Dataset<Row> raw = spark.createDataFrame(List.of(
        RowFactory.create("e1", "m1", "generative_ai_setting", "true", "2025-01-01 10:00:00", "ui", "x"),
        RowFactory.create("e2", null, "generative_ai_setting", "true", "2025-01-01 10:00:00", "ui", null),
        RowFactory.create("e3", "m1", "email", "true", "2025-01-01 10:00:00", null, null),
        RowFactory.create("e4", "m1", "objection_generative", "maybe", "2025-01-01 10:00:00", null, null),
        RowFactory.create("e5", "m1", "objection_generative", "FALSE", "yesterday", null, null)), stringly);
    ValidatedTable table = ValidatedTable.of(InputTable.CONSENT_EVENTS, raw, Optional.empty());
    List<Row> valid = table.valid().collectAsList();
    assertEquals(1, valid.size());
    assertEquals(InputFixture.ts("2025-01-01T10:00:00Z"), valid.get(0).getAs(ConsentEvents.EVENT_TIME));
    assertEquals(true, valid.get(0).getAs(ConsentEvents.OPTED_OUT));
    List<String> quarantined = table.quarantined("run-1").collectAsList().stream()
        .map(r -> r.getString(0) + " | " + r.getString(1) + " | " + r.getString(2) + " | " + r.getString(3))
        .sorted().toList();
    assertEquals(List.of(
        "consent_events | channel outside [generative_ai_setting, objection_generative, objection_non_generative] |"
            + " {\"event_id\":\"e3\",\"member_id\":\"m1\",\"channel\":\"email\",\"opted_out\":\"true\","
            + "\"event_time\":\"2025-01-01 10:00:00\"} | run-1",
        "consent_events | null member_id | {\"event_id\":\"e2\",\"channel\":\"generative_ai_setting\","
            + "\"opted_out\":\"true\",\"event_time\":\"2025-01-01 10:00:00\",\"source\":\"ui\"} | run-1",
        "consent_events | unparsable event_time: 'yesterday' | {\"event_id\":\"e5\",\"member_id\":\"m1\","
            + "\"channel\":\"objection_generative\",\"opted_out\":\"FALSE\",\"event_time\":\"yesterday\"} | run-1",
        "consent_events | unparsable opted_out: 'maybe' | {\"event_id\":\"e4\",\"member_id\":\"m1\","
            + "\"channel\":\"objection_generative\",\"opted_out\":\"maybe\",\"event_time\":\"2025-01-01 10:00:00\"}"
            + " | run-1"), quarantined);
  }

  @Test
  void aDuplicatedUniqueKeyQuarantinesEveryCopy() {
    Dataset<Row> raw = spark.createDataFrame(List.of(
        RowFactory.create("r1", "m1", "post", InputFixture.ts("2025-01-01T00:00:00Z"), null, null),
        RowFactory.create("r1", "m2", "post", InputFixture.ts("2025-01-02T00:00:00Z"), null, "g1"),
        RowFactory.create("r2", "m1", "post", InputFixture.ts("2025-01-01T00:00:00Z"), null, null)),
        InputFixture.nullableSchema(InputTable.RECORDS));
    ValidatedTable table = ValidatedTable.of(InputTable.RECORDS, raw, Optional.of(Records.RECORD_ID));
    assertEquals(List.of("r2"), table.valid().select(Records.RECORD_ID).as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList());
    assertEquals(List.of("duplicate record_id (2 rows): which one holds cannot be told",
            "duplicate record_id (2 rows): which one holds cannot be told"),
        table.quarantined("run-1").select(Quarantine.REASON).as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  @Test
  void aCountryCodeIsExactlyTwoCapitalLettersWithNothingAfterThem() {
    Dataset<Row> raw = spark.createDataFrame(List.of(
        RowFactory.create("m1", "GB", InputFixture.ts("2025-01-01T00:00:00Z")),
        RowFactory.create("m2", "GB\n", InputFixture.ts("2025-01-01T00:00:00Z")),
        RowFactory.create("m3", "gb", InputFixture.ts("2025-01-01T00:00:00Z")),
        RowFactory.create("m4", "GBR", InputFixture.ts("2025-01-01T00:00:00Z"))),
        InputFixture.nullableSchema(InputTable.MEMBER_REGIONS));
    ValidatedTable table = ValidatedTable.of(InputTable.MEMBER_REGIONS, raw, Optional.empty());
    assertEquals(List.of("m1"), table.valid().select(MemberRegions.MEMBER_ID)
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  @Test
  void onlyTheIsoFormsOfTheContractAreTimestamps() {
    StructType stringly = new StructType()
        .add("member_id", DataTypes.StringType).add("country_code", DataTypes.StringType)
        .add("effective_from", DataTypes.StringType);
    List<String> accepted = List.of("2025-11-03", " 2025-11-03 09:30 ", "2025-11-03T09:30:15", "2025-11-03T09:30:15.5Z",
        "2025-11-03T10:30:15.123456+01:00", "2025-11-03 04:30:15-05:00", "2024-02-29T00:00:00Z");
    List<String> refused = List.of("12:00:00", "T08:15", "2025", "+12345-01-01", "2025-11-03 garbage", "2025-2-9",
        "2025-02-30", "2025-11-03T24:00", "2025-11-03Z", "2025-11-03T09:30+0100", "2025-11-03\n", "03/11/2025", "2025-11-03T09:30:15.1234567890");
    List<Row> rows = new java.util.ArrayList<>();
    accepted.forEach(v -> rows.add(RowFactory.create("ok " + v, "GB", v)));
    refused.forEach(v -> rows.add(RowFactory.create("bad " + v, "GB", v)));
    rows.add(RowFactory.create("empty", "GB", ""));
    rows.add(RowFactory.create("spaces", "GB", " \t "));
    ValidatedTable table = ValidatedTable.of(InputTable.MEMBER_REGIONS, spark.createDataFrame(rows, stringly),
        Optional.empty());
    List<String> valid = table.valid().collectAsList().stream()
        .map(r -> r.getString(0) + " -> " + r.getTimestamp(2).toInstant()).sorted().toList();
    assertEquals(List.of(
        "ok  2025-11-03 09:30  -> 2025-11-03T09:30:00Z",
        "ok 2024-02-29T00:00:00Z -> 2024-02-29T00:00:00Z",
        "ok 2025-11-03 -> 2025-11-03T00:00:00Z",
        "ok 2025-11-03 04:30:15-05:00 -> 2025-11-03T09:30:15Z",
        "ok 2025-11-03T09:30:15 -> 2025-11-03T09:30:15Z",
        "ok 2025-11-03T09:30:15.5Z -> 2025-11-03T09:30:15.500Z",
        "ok 2025-11-03T10:30:15.123456+01:00 -> 2025-11-03T09:30:15.123456Z"), valid);
    List<String> reasons = table.quarantined("run-1").select(Quarantine.REASON)
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().sorted().toList();
    List<String> expected = new java.util.ArrayList<>(List.of("blank effective_from", "blank effective_from"));
    refused.forEach(v -> expected.add("unparsable effective_from: '" + v + "'"));
    assertEquals(expected.stream().sorted().toList(), reasons);
  }

  @Test
  void aDateIsExactlyYearMonthDay() {
    StructType stringly = new StructType()
        .add("member_id", DataTypes.StringType).add("birth_date", DataTypes.StringType)
        .add("closed_at", DataTypes.StringType);
    Dataset<Row> raw = spark.createDataFrame(List.of(
        RowFactory.create("m1", "2008-02-29", null),
        RowFactory.create("m2", "2008-02-29 garbage", null),
        RowFactory.create("m3", "2008-2-9", null),
        RowFactory.create("m4", "2007-02-29", null),
        RowFactory.create("m5", "2008-02-29T00:00:00Z", null)), stringly);
    ValidatedTable table = ValidatedTable.of(InputTable.MEMBERS, raw, Optional.of(Members.MEMBER_ID));
    assertEquals(List.of("m1 2008-02-29"), table.valid().collectAsList().stream()
        .map(r -> r.getString(0) + " " + r.getDate(1)).toList());
    assertEquals(List.of("unparsable birth_date: '2007-02-29'", "unparsable birth_date: '2008-02-29 garbage'",
            "unparsable birth_date: '2008-02-29T00:00:00Z'", "unparsable birth_date: '2008-2-9'"),
        table.quarantined("run-1").select(Quarantine.REASON).as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList().stream().sorted().toList());
  }

  @Test
  void blankKeysAreQuarantinedAndLongValuesAreQuotedCut() {
    String longValue = "x".repeat(300);
    Dataset<Row> raw = spark.createDataFrame(List.of(
        RowFactory.create("", "m1", "post", "2025-01-01T00:00:00Z", null),
        RowFactory.create("r2", " \t\n", "post", "2025-01-01T00:00:00Z", null),
        RowFactory.create("r3", "m1", "   ", "2025-01-01T00:00:00Z", null),
        RowFactory.create("r4", "m1", "post", longValue, null),
        RowFactory.create(" r5 ", "m1", "", "2025-01-01T00:00:00Z", "")), new StructType()
        .add("record_id", DataTypes.StringType).add("member_id", DataTypes.StringType)
        .add("record_type", DataTypes.StringType).add("created_at", DataTypes.StringType)
        .add("deleted_at", DataTypes.StringType));
    ValidatedTable table = ValidatedTable.of(InputTable.RECORDS, raw, Optional.of(Records.RECORD_ID));
    assertEquals(0, table.valid().count());
    assertEquals(List.of("blank member_id", "blank record_id", "blank record_type", "blank record_type",
            "unparsable created_at: '" + "x".repeat(200) + "\u2026'"),
        table.quarantined("run-1").select(Quarantine.REASON).as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList().stream().sorted().toList());
  }

  @Test
  void extraColumnsAreIgnoredWhateverTheirNameAndKeptInTheQuarantinedRow() {
    StructType schema = InputFixture.nullableSchema(InputTable.RECORD_VISIBILITY)
        .add("extra.col", DataTypes.StringType).add("with space", DataTypes.IntegerType)
        .add("back`tick", DataTypes.StringType).add("_raw_row", DataTypes.StringType);
    Dataset<Row> raw = spark.createDataFrame(List.of(
        RowFactory.create("r1", "public", InputFixture.ts("2025-01-01T00:00:00Z"), "a", 1, "b", "c"),
        RowFactory.create("r2", "friends", InputFixture.ts("2025-01-01T00:00:00Z"), "d", 2, "e", "f")), schema);
    ValidatedTable table = ValidatedTable.of(InputTable.RECORD_VISIBILITY, raw, Optional.empty());
    assertEquals(List.of("[r1,public,2025-01-01 00:00:00.0]"),
        table.valid().collectAsList().stream().map(Row::toString).toList());
    assertEquals(List.of("visibility outside [public, connections, private, hidden] | {\"record_id\":\"r2\","
            + "\"visibility\":\"friends\",\"effective_from\":\"2025-01-01T00:00:00.000Z\",\"extra.col\":\"d\","
            + "\"with space\":2,\"back`tick\":\"e\",\"_raw_row\":\"f\"}"),
        table.quarantined("run-1").collectAsList().stream().map(r -> r.getString(1) + " | " + r.getString(2)).toList());
  }
}
