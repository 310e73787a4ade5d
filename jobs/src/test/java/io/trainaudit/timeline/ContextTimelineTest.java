package io.trainaudit.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sensitive-context histories on a few flags each: per-category histories merged into the
 * periods of the set of categories flagged, ties going to flagged, and the set in force at an
 * instant with since when it has held.
 */
class ContextTimelineTest {
  @Test
  void eachCategoryIsItsOwnHistoryAndTheSetOfFlaggedOnesMakesThePeriods() {
    assertEquals(List.of(
        "2025-01-01T00:00:00Z [trade_union]",
        "2025-02-01T00:00:00Z [health, trade_union]",
        "2025-03-01T00:00:00Z [health]",
        "2025-04-01T00:00:00Z []"), periods(
            flag("trade_union", true, "2025-01-01T00:00:00Z"),
            flag("health", true, "2025-02-01T00:00:00Z"),
            // lifting one category leaves the other standing
            flag("trade_union", false, "2025-03-01T00:00:00Z"),
            flag("health", false, "2025-04-01T00:00:00Z")));
  }

  @Test
  void flaggingAgainWhatIsFlaggedChangesNothing() {
    assertEquals(List.of("2025-01-01T00:00:00Z [political]"), periods(
        flag("political", true, "2025-01-01T00:00:00Z"),
        flag("political", true, "2025-06-01T00:00:00Z")));
  }

  @Test
  void aFlagAndItsLiftingAtOneInstantLeaveTheContextFlagged() {
    assertEquals(List.of("2025-01-01T00:00:00Z [trade_union]", "2025-03-01T00:00:00Z []"), periods(
        flag("trade_union", false, "2025-01-01T00:00:00Z"),
        flag("trade_union", true, "2025-01-01T00:00:00Z"),
        flag("trade_union", false, "2025-03-01T00:00:00Z")));
  }

  @Test
  void aFlagRaisedAtAnInstantIsInForceThenAndOneLiftedThenIsNot() {
    long at = micros("2026-03-01T00:00:00Z");
    Timeline<List<String>> raised = ContextTimeline.of(List.of(flag("health", true, "2026-03-01T00:00:00Z")));
    assertEquals(new Timeline.State<>(List.of("health"), at), raised.at(at));
    assertNull(raised.at(at - 1));
    Timeline<List<String>> lifted = ContextTimeline.of(List.of(
        flag("health", true, "2025-01-01T00:00:00Z"), flag("health", false, "2026-03-01T00:00:00Z")));
    assertEquals(new Timeline.State<>(List.of(), at), lifted.at(at));
    assertEquals(List.of("health"), lifted.at(at - 1).value());
  }

  private static ContextTimeline.Flag flag(String category, boolean flagged, String at) {
    return new ContextTimeline.Flag(category, micros(at), flagged);
  }

  /** Each period as {@code from [categories]}. */
  private static List<String> periods(ContextTimeline.Flag... flags) {
    return ContextTimeline.of(Arrays.asList(flags)).changes().stream()
        .map(c -> Instant.ofEpochSecond(c.at() / 1_000_000L) + " " + c.value())
        .toList();
  }

  private static long micros(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
  }
}
