package io.trainaudit.timeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.config.Policy;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.SensitiveContexts;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Sensitive-context histories on a few flags each: per (context, category) histories merged into
 * the periods of the set of the policy's categories flagged, ties going to flagged, and the set
 * in force at an instant picked with {@link AsOf}.
 */
class ContextTimelineTest {
  private static final Policy POLICY = ConfigLoader.defaults(Path.of(".")).policy();
  private final SparkSession spark = TestSpark.session();

  @Test
  void eachCategoryIsItsOwnHistoryAndTheSetOfFlaggedOnesMakesThePeriods() {
    List<String> periods = periods(
        flag("g-two", "trade_union", true, "2025-01-01T00:00:00Z"),
        flag("g-two", "health", true, "2025-02-01T00:00:00Z"),
        // lifting one category leaves the other standing
        flag("g-two", "trade_union", false, "2025-03-01T00:00:00Z"),
        flag("g-two", "health", false, "2025-04-01T00:00:00Z"),
        // a category outside the policy never makes a context sensitive
        flag("g-other", "sports", true, "2025-01-01T00:00:00Z"),
        flag("g-other", "religion", true, "2025-05-01T00:00:00Z"),
        // flagging again what is flagged changes nothing
        flag("g-again", "political", true, "2025-01-01T00:00:00Z"),
        flag("g-again", "political", true, "2025-06-01T00:00:00Z"));
    assertEquals(List.of(
        "g-again 2025-01-01T00:00:00Z..open [political]",
        "g-other 2025-05-01T00:00:00Z..open [religion]",
        "g-two 2025-01-01T00:00:00Z..2025-02-01T00:00:00Z [trade_union]",
        "g-two 2025-02-01T00:00:00Z..2025-03-01T00:00:00Z [health, trade_union]",
        "g-two 2025-03-01T00:00:00Z..2025-04-01T00:00:00Z [health]"), periods);
  }

  @Test
  void aFlagAndItsLiftingAtOneInstantLeaveTheContextFlagged() {
    List<String> periods = periods(
        flag("g-tie", "trade_union", false, "2025-01-01T00:00:00Z"),
        flag("g-tie", "trade_union", true, "2025-01-01T00:00:00Z"),
        flag("g-tie", "trade_union", false, "2025-03-01T00:00:00Z"));
    assertEquals(List.of("g-tie 2025-01-01T00:00:00Z..2025-03-01T00:00:00Z [trade_union]"), periods);
  }

  @Test
  void aFlagRaisedAtAnInstantIsInForceThenAndOneLiftedThenIsNot() {
    Dataset<Row> intervals = ContextTimeline.intervals(rows(
        flag("g-raised", "health", true, "2026-03-01T00:00:00Z"),
        flag("g-lifted", "health", true, "2025-01-01T00:00:00Z"),
        flag("g-lifted", "health", false, "2026-03-01T00:00:00Z")), POLICY);
    Column at = lit(InputFixture.ts("2026-03-01T00:00:00Z"));
    List<String> inForce = intervals
        .select(col(SensitiveContexts.CONTEXT_ID),
            AsOf.at(col(ContextTimeline.SENSITIVE_PERIODS), at).getField(ContextTimeline.CATEGORIES).as("categories"))
        .collectAsList().stream()
        .map(r -> r.getString(0) + " " + (r.isNullAt(1) ? "none" : r.getList(1).toString())).sorted().toList();
    assertEquals(List.of("g-lifted none", "g-raised [health]"), inForce);
  }

  private static Object[] flag(String context, String category, boolean flagged, String from) {
    return new Object[] {context, category, flagged, InputFixture.ts(from)};
  }

  private Dataset<Row> rows(Object[]... flags) {
    return spark.createDataFrame(Arrays.stream(flags).map(RowFactory::create).toList(),
        InputFixture.nullableSchema(InputTable.SENSITIVE_CONTEXTS));
  }

  /** Each period as {@code context from..until [categories]}, sorted. */
  private List<String> periods(Object[]... flags) {
    return ContextTimeline.intervals(rows(flags), POLICY)
        .select(col(SensitiveContexts.CONTEXT_ID), explode(col(ContextTimeline.SENSITIVE_PERIODS)).as("p"))
        .collectAsList().stream()
        .map(r -> {
          Row p = r.getStruct(1);
          return r.getString(0) + " " + p.getTimestamp(0).toInstant() + ".."
              + (p.isNullAt(1) ? "open" : p.getTimestamp(1).toInstant().toString()) + " "
              + p.getList(2);
        })
        .sorted().toList();
  }
}
