package io.trainaudit.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.config.Policy;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** DATA_ORIGIN_CUTOFF on six enriched rows: generative use of a record created before its region's cutoff day. */
class DataOriginCutoffTest {
  private static final Policy CUTOFF = ConfigLoader.fromYaml(
      "policy: {data_origin_cutoff: {EU: 2024-07-01, UK: 2025-01-01}}\n", Path.of("."), "f.yaml").policy();
  private static final StructType ROW = new StructType()
      .add(AuditRow.RECORD_ID, DataTypes.StringType)
      .add(AuditRow.PURPOSE, DataTypes.StringType)
      .add(AuditRow.RECORD_KNOWN, DataTypes.BooleanType)
      .add(AuditRow.CREATED_AT, DataTypes.TimestampType)
      .add(AuditRow.REGION_GROUP, DataTypes.StringType)
      .add(AuditRow.COUNTRY_CODE, DataTypes.StringType)
      .add(AuditRow.REGION_SINCE, DataTypes.TimestampType);
  private static final String SINCE = "2020-01-01T00:00:00Z";

  private final Dataset<Row> rows = TestSpark.session().createDataFrame(List.of(
      row("r-at-cutoff", "generative", true, "2024-07-01T00:00:00Z", "EU", "DE"),
      row("r-second-before", "generative", true, "2024-06-30T23:59:59Z", "EU", "DE"),
      row("r-non-generative", "non_generative", true, "2020-05-01T00:00:00Z", "EU", "FR"),
      row("r-no-cutoff", "generative", true, "2020-05-01T00:00:00Z", "US", "US"),
      row("r-no-region", "generative", true, "2020-05-01T00:00:00Z", null, null),
      // an unknown record counts as created at capture
      row("r-unknown", "generative", false, "2024-12-31T23:59:59Z", "UK", "GB")), ROW);

  @Test
  void generativeUseOfARecordCreatedBeforeItsRegionsCutoffDayIsAFinding() {
    assertEquals(List.of("r-second-before", "r-unknown"), found(CUTOFF));
  }

  @Test
  void withoutACutoffNothingIsFound() {
    assertEquals(List.of(), found(ConfigLoader.defaults(Path.of(".")).policy()));
  }

  @Test
  void theEvidenceNamesTheRegionTheCutoffAndTheCollection() {
    String evidence = rows.where(col(AuditRow.RECORD_ID).equalTo("r-second-before"))
        .select(to_json(new DataOriginCutoff().evidence(CUTOFF))).first().getString(0);
    assertEquals("{\"region_group\":\"EU\",\"country_code\":\"DE\",\"region_since\":\"2020-01-01T00:00:00.000Z\","
        + "\"data_origin_cutoff\":\"2024-07-01\",\"record_created_at\":\"2024-06-30T23:59:59.000Z\","
        + "\"record_known\":true}", evidence);
    assertEquals(Severity.VIOLATION, new DataOriginCutoff().severity());
  }

  private static Row row(String record, String purpose, boolean known, String created, String group, String country) {
    return RowFactory.create(record, purpose, known, InputFixture.ts(created), group, country,
        group == null ? null : InputFixture.ts(SINCE));
  }

  private List<String> found(Policy policy) {
    return rows.where(new DataOriginCutoff().finding(policy)).select(AuditRow.RECORD_ID)
        .collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
  }
}
