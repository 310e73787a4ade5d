package io.trainaudit.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.trainaudit.timeline.Timeline.Change;
import io.trainaudit.timeline.Timeline.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A history as intervals: ties at one instant, merged restatements, a change at exactly the instant asked. */
class TimelineTest {
  private static final long DAY = 86_400_000_000L;

  @Test
  void aChangeAtTheInstantIsInForceAndNothingBeforeTheFirst() {
    Timeline<String> visibility = Timeline.of(List.of(new Change<>(10 * DAY, "public"), new Change<>(20 * DAY, "private")),
        (a, b) -> a);
    assertNull(visibility.at(10 * DAY - 1));
    assertEquals(new State<>("public", 10 * DAY), visibility.at(10 * DAY));
    assertEquals(new State<>("public", 10 * DAY), visibility.at(20 * DAY - 1));
    assertEquals(new State<>("private", 20 * DAY), visibility.at(20 * DAY));
    assertEquals(new State<>("private", 20 * DAY), visibility.at(Long.MAX_VALUE));
  }

  @Test
  void changesAtOneInstantCollapseByTheTieRuleWhateverTheirOrder() {
    List<Change<Integer>> changes = List.of(new Change<>(5L, 0), new Change<>(5L, 2), new Change<>(5L, 1));
    assertEquals(new State<>(2, 5L), Timeline.of(changes, Math::max).at(5L));
    assertEquals(new State<>(2, 5L), Timeline.of(List.of(changes.get(2), changes.get(1), changes.get(0)), Math::max)
        .at(5L));
  }

  @Test
  void aRestatedValueKeepsTheInstantItBegan() {
    // Opted out, opted out again, withdrawn, then out and in at one instant (out wins).
    Timeline<Boolean> optedOut = Timeline.of(List.of(
        new Change<>(1L, true), new Change<>(3L, true), new Change<>(5L, false), new Change<>(7L, false),
        new Change<>(7L, true)), Boolean::logicalOr);
    assertEquals(new State<>(true, 1L), optedOut.at(4L));
    assertEquals(new State<>(false, 5L), optedOut.at(5L));
    assertEquals(new State<>(true, 7L), optedOut.at(7L));
    assertEquals(3, optedOut.size());
  }

  @Test
  void anEmptyHistoryHasNoStateAtAnyInstant() {
    assertNull(Timeline.<String>of(List.of(), (a, b) -> a).at(0L));
    assertEquals(0, Timeline.empty().size());
  }
}
