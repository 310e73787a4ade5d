package io.trainaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.tables.InputTable;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shape of the enrichment's physical plan: each input is shuffled once, by its key, and the
 * rows enriched with their record's facts once more, by member; sensitive contexts add shuffles of
 * their own rows and of the ids of records posted in a context, never of the training rows. A change that makes Spark shuffle
 * a large table a second time (say, a join whose keys do not match the partitioning a window left)
 * fails here.
 */
class EnrichmentPlanTest {
  private static final String BROADCAST_THRESHOLD = "spark.sql.autoBroadcastJoinThreshold";
  private static final String ADAPTIVE = "spark.sql.adaptive.enabled";
  private static final Pattern EXCHANGE = Pattern.compile("Exchange hashpartitioning\\((\\w+?)#");

  @TempDir Path dir;

  @Test
  void eachInputIsShuffledOnceByItsKey() {
    String plan = plan("");
    List<String> partitionedBy = keys(plan);
    // By record: the training rows, records and visibility. By member: the rows enriched with the
    // record's facts, members, consent, regions, and the results of the two full outer joins of the
    // member facts (Spark does not carry a full outer join's partitioning to its output).
    assertEquals(List.of("member_id", "member_id", "member_id", "member_id", "member_id", "member_id",
        "record_id", "record_id", "record_id"),
        partitionedBy, plan);
  }

  @Test
  void sensitiveContextsShuffleOnlyThemselvesAndTheIdsOfRecordsPostedInAContext() {
    String plan = plan(", sensitive_contexts: data/sensitive_contexts");
    List<String> partitionedBy = keys(plan);
    // As above, and: by context, the sensitive_contexts rows and the (record_id, context_id) pairs of
    // the records posted in a context; by record, those records' sensitive periods on their way back
    // to the records. The training rows and the records themselves are shuffled no more than before.
    assertEquals(List.of("context_id", "context_id", "member_id", "member_id", "member_id", "member_id", "member_id",
        "member_id", "record_id", "record_id", "record_id", "record_id"),
        partitionedBy, plan);
  }

  /** The keys of a plan's exchanges, sorted; an exchange reused where its subtree is read twice counts once. */
  private static List<String> keys(String plan) {
    return plan.lines().filter(line -> !line.contains("ReusedExchange"))
        .flatMap(line -> EXCHANGE.matcher(line).results().map(m -> m.group(1))).sorted().toList();
  }

  /** The enrichment's physical plan, for tables too large to broadcast. */
  private String plan(String moreTables) {
    SparkSession spark = TestSpark.session();
    InputFixture f = new InputFixture();
    f.training("s-a", "2026-01-01T00:00:00Z", "generative", "internal", "r1", "m1");
    f.record("r1", "m1", "post", "2025-01-01T00:00:00Z", null, "g1");
    f.visibility("r1", "public", "2025-01-01T00:00:00Z");
    f.member("m1", "1990-01-01", null);
    f.region("m1", "US", "2020-01-01T00:00:00Z");
    f.sensitiveContext("g1", "trade_union", true, "2025-01-01T00:00:00Z");
    f.write(spark, dir.resolve("data"));
    AuditConfig config = ConfigLoader.fromYaml(
        "tables: {training_snapshots: data/training_snapshots, records: data/records,"
            + " record_visibility: data/record_visibility, consent_events: data/consent_events,"
            + " members: data/members, member_regions: data/member_regions" + moreTables + "}\n",
        dir, "test.yaml");
    AuditInputs inputs = AuditInputs.open(spark, config);

    // Tables this small would be broadcast; the shape under test is the one of tables too large for that.
    // Without adaptive execution the plan shows as reused the exchanges that adaptive execution reuses as it runs.
    String threshold = spark.conf().get(BROADCAST_THRESHOLD);
    String adaptive = spark.conf().get(ADAPTIVE);
    spark.conf().set(BROADCAST_THRESHOLD, "-1");
    spark.conf().set(ADAPTIVE, "false");
    String plan;
    try {
      plan = Enrichment.enrich(inputs, inputs.valid(InputTable.TRAINING_SNAPSHOTS), config.policy())
          .queryExecution().executedPlan().toString();
    } finally {
      spark.conf().set(BROADCAST_THRESHOLD, threshold);
      spark.conf().set(ADAPTIVE, adaptive);
    }
    return plan;
  }
}
