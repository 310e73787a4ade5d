package io.trainaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nightly runs and sensitive contexts: a table configured since the last run is read as news, and
 * a flag or a lifting that arrives late re-checks the training rows of the records posted in its
 * context, whatever instant it is dated.
 */
@Tag("job")
class SensitiveContextNightsTest {
  private static final String CAP = "2026-03-01T00:00:00Z";
  private static final String TABLES = "tables: {training_snapshots: data/training_snapshots, records: data/records,"
      + " record_visibility: data/record_visibility, consent_events: data/consent_events,"
      + " members: data/members, member_regions: data/member_regions";

  private final SparkSession spark = TestSpark.session();
  @TempDir Path dir;

  @Test
  void aNewlyConfiguredTableAndLateFlagsReCheckTheRowsOfTheirContextsOnly() throws Exception {
    InputFixture f = new InputFixture();
    for (String[] r : new String[][] {{"r1", "g1"}, {"r2", "g2"}, {"r3", null}}) {
      String member = "m-" + r[0];
      f.member(member, "1990-01-01", null).region(member, "US", "2020-01-01T00:00:00Z")
          .record(r[0], member, "post", "2025-01-01T00:00:00Z", null, r[1])
          .visibility(r[0], "public", "2025-01-01T00:00:00Z")
          .training("s1", CAP, "non_generative", "internal", r[0], member);
    }
    f.sensitiveContext("g1", "trade_union", true, "2025-06-01T00:00:00Z");
    f.write(spark, dir.resolve("data"));

    AuditResult night1 = new AuditJob(spark, config("}")).run();
    assertEquals(List.of(), findings());
    assertEquals("tables.sensitive_contexts is not configured",
        new ObjectMapper().readTree(night1.summaryFile().toFile()).at("/not_checked/SENSITIVE_CONTEXT").asText());

    AuditConfig withContexts = config(", sensitive_contexts: data/sensitive_contexts}");
    AuditResult night2 = new AuditJob(spark, withContexts, AuditScope.sinceLastRun()).run();
    assertEquals(new Coverage(1, 1, 0, 0), night2.coverage(), "only the row of the record in a listed context");
    assertEquals(List.of("SENSITIVE_CONTEXT|s1|r1|open"), findings());

    // Night 3: g2 flagged, and g1's flag lifted, both dated long before the capture.
    new InputFixture()
        .sensitiveContext("g2", "health", true, "2025-02-01T00:00:00Z")
        .sensitiveContext("g1", "trade_union", false, "2025-07-01T00:00:00Z")
        .append(spark, InputTable.SENSITIVE_CONTEXTS, dir.resolve("data/sensitive_contexts"));
    AuditResult night3 = new AuditJob(spark, withContexts, AuditScope.sinceLastRun()).run();
    assertEquals(new Coverage(2, 2, 0, 0), night3.coverage());
    assertEquals(List.of("SENSITIVE_CONTEXT|s1|r1|retracted", "SENSITIVE_CONTEXT|s1|r2|open"), findings());
  }

  private AuditConfig config(String tablesEnd) {
    return ConfigLoader.fromYaml(TABLES + tablesEnd + "\n", dir, "test.yaml");
  }

  private List<String> findings() {
    return spark.read().format("delta").load(dir.resolve("out/findings").toString()).collectAsList().stream()
        .map(r -> r.getAs(Findings.RULE_ID) + "|" + r.getAs(Findings.SNAPSHOT_ID) + "|" + r.getAs(Findings.RECORD_ID)
            + "|" + r.getAs(Findings.STATUS))
        .sorted().toList();
  }
}
