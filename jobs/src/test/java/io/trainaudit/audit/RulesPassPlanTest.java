package io.trainaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.rules.CompiledPolicy;
import io.trainaudit.rules.RuleRegistry;
import io.trainaudit.tables.InputTable;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shape of the rules pass's physical plan: two exchanges, each of one narrow union partitioned
 * by an id's hash (by record, then by member), each followed by one sort on a single long key (so
 * Spark radix-sorts it); a third, by context, only when the run reads sensitive_contexts. A change
 * that makes Spark shuffle an input a second time, or sort on a string, fails here.
 */
class RulesPassPlanTest {
  private static final String ADAPTIVE = "spark.sql.adaptive.enabled";
  private static final Pattern EXCHANGE = Pattern.compile("Exchange (\\w+)");
  private static final Pattern SORT = Pattern.compile("Sort \\[([^\\]]*)\\]");

  @TempDir static Path dir;

  @Test
  void thePassHasTwoExchangesEachSortedOnItsLongKeyAlone() {
    assertExchanges(false, 2);
  }

  @Test
  void sensitiveContextsAddOneExchangeByContext() {
    assertExchanges(true, 3);
  }

  private static void assertExchanges(boolean contexts, int expected) {
    SparkSession spark = TestSpark.session();
    InputFixture f = new InputFixture();
    f.training("s-a", "2026-01-01T00:00:00Z", "generative", "internal", "r1", "m1");
    f.record("r1", "m1", "post", "2025-01-01T00:00:00Z", null, "g1");
    f.sensitiveContext("g1", "health", true, "2025-01-01T00:00:00Z");
    f.visibility("r1", "public", "2025-01-01T00:00:00Z");
    f.member("m1", "1990-01-01", null);
    f.region("m1", "US", "2020-01-01T00:00:00Z");
    f.consent("e1", "m1", "generative_ai_setting", true, "2025-01-01T00:00:00Z");
    Path base = dir.resolve(contexts ? "with-contexts" : "without");
    f.write(spark, base.resolve("data"));
    AuditConfig config = ConfigLoader.fromYaml(
        "tables: {training_snapshots: data/training_snapshots, records: data/records,"
            + " record_visibility: data/record_visibility, consent_events: data/consent_events,"
            + " members: data/members, member_regions: data/member_regions"
            + (contexts ? ", sensitive_contexts: data/sensitive_contexts" : "") + "}\n",
        base, "test.yaml");
    AuditInputs inputs = AuditInputs.open(spark, config);
    RulesPass pass = new RulesPass(inputs.rows(InputTable.TRAINING_SNAPSHOTS),
        new RulesPass.Histories(inputs.rows(InputTable.RECORDS), inputs.rows(InputTable.RECORD_VISIBILITY),
            inputs.rows(InputTable.MEMBERS), inputs.rows(InputTable.CONSENT_EVENTS),
            inputs.rows(InputTable.MEMBER_REGIONS),
            contexts ? inputs.rows(InputTable.SENSITIVE_CONTEXTS) : null),
        RuleRegistry.enabled(config.policy()), new CompiledPolicy(config.policy()), true);

    // Planned as a real run plans it: with adaptive execution, which the tests' session turns off.
    String plan;
    spark.conf().set(ADAPTIVE, "true");
    try {
      plan = pass.output().queryExecution().executedPlan().toString();
    } finally {
      spark.conf().set(ADAPTIVE, "false");
    }

    List<String> exchanges = EXCHANGE.matcher(plan).results().map(m -> m.group(1)).toList();
    assertEquals(java.util.Collections.nCopies(expected, "hashpartitioning"), exchanges, plan);
    assertEquals(expected, plan.split("Exchange hashpartitioning\\(shiftright\\(k#\\d+L, 4\\)", -1).length - 1,
        plan);
    List<String> sorts = SORT.matcher(plan).results().map(m -> m.group(1)).toList();
    assertEquals(expected, sorts.size(), plan);
    sorts.forEach(sort -> assertTrue(sort.matches("k#\\d+L ASC NULLS FIRST"), "a sort on more than the key: " + sort));
  }
}
