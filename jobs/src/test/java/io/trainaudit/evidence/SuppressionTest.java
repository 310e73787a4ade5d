package io.trainaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Complementary suppression against {@link SubtractionAttacker}, written apart from the production code. */
class SuppressionTest {
  private static final Suppression TEN = new Suppression(10);

  @Test
  void primarySuppressionAloneIsUndoneBySubtractionAndComplementarySuppressionIsNot() {
    // The case: the unverifiable total and all but one unverifiable rule are shown.
    CountTable table = rules(Map.of("A", 23L, "B", 4L, "C", 0L), "unverifiable");
    Set<String> primary = new TreeSet<>(Set.of("B"));
    assertEquals(Map.of("B", 4L), SubtractionAttacker.exposed(table, primary, 10), "the attacker must catch primary-only suppression");

    Set<String> hidden = TEN.hide(table, List.of());
    assertEquals(Set.of("A", "B"), hidden, "the smallest other non-zero count of the total guards B");
    assertEquals(Map.of(), SubtractionAttacker.exposed(table, hidden, 10));
  }

  @Test
  void twoSmallCountsDoNotGuardEachOther() {
    CountTable table = rules(Map.of("A", 30L, "B", 3L, "C", 4L, "D", 50L), "violations");
    Set<String> hidden = TEN.hide(table, List.of());
    assertEquals(Set.of("A", "B", "C"), hidden, "3 and 4 would both be proved below 10 by the total: 30 joins them");
    assertEquals(Map.of(), SubtractionAttacker.exposed(table, hidden, 10));
  }

  @Test
  void theTotalIsHiddenOnlyWhenNoOtherCountCanGuard() {
    CountTable alone = rules(Map.of("A", 7L, "B", 0L), "violations");
    assertEquals(Set.of("A", "violations"), TEN.hide(alone, List.of("violations")));

    CountTable guarded = rules(Map.of("A", 7L, "B", 12L), "violations");
    assertEquals(Set.of("A", "B"), TEN.hide(guarded, List.of("violations")));
    assertEquals(Map.of(), SubtractionAttacker.exposed(guarded, Set.of("A", "B"), 10));
  }

  @Test
  void zeroIsShownAndNothingIsHiddenWithoutSmallCounts() {
    CountTable table = rules(Map.of("A", 0L, "B", 10L, "C", 250L), "violations");
    assertEquals(Set.of(), TEN.hide(table, List.of()));
    assertEquals(Set.of(), new Suppression(1).hide(rules(Map.of("A", 1L, "B", 2L), "t"), List.of()));
  }

  @Test
  void aCrossTableWithMarginsAndTwoLinkedTablesSurviveEveryRandomCase() {
    Random random = new Random(16);
    for (int round = 0; round < 400; round++) {
      int minCount = 2 + random.nextInt(12);
      CountTable table = new CountTable();
      int rows = 1 + random.nextInt(4);
      int columns = 1 + random.nextInt(4);
      long[] rowTotals = new long[rows];
      long[] columnTotals = new long[columns];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns; c++) {
          long n = random.nextInt(4) == 0 ? 0 : random.nextInt(3) == 0 ? 1 + random.nextInt(minCount) : random.nextInt(60);
          table.count("cell " + r + "," + c, n);
          rowTotals[r] += n;
          columnTotals[c] += n;
        }
      }
      List<String> rowIds = new ArrayList<>();
      List<String> columnIds = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        table.count("row " + r, rowTotals[r]);
        rowIds.add("row " + r);
        List<String> cells = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
          cells.add("cell " + r + "," + c);
        }
        table.total("row " + r, cells);
      }
      long grand = 0;
      for (int c = 0; c < columns; c++) {
        table.count("column " + c, columnTotals[c]);
        columnIds.add("column " + c);
        List<String> cells = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
          cells.add("cell " + r + "," + c);
        }
        table.total("column " + c, cells);
        grand += columnTotals[c];
      }
      table.count("grand", grand).total("grand", rowIds).total("grand", columnIds);
      // A second table over the same grand total, and a bound, as the summary has them.
      long first = grand / 3;
      table.count("band a", first).count("band b", grand - first).sameSum(List.of("band a", "band b"), List.of("grand"));
      table.count("distinct", Math.min(rowTotals[0], 1 + random.nextInt(5))).atMost("distinct", List.of("row 0"));

      Suppression suppression = new Suppression(minCount);
      Set<String> hidden = suppression.hide(table, List.of("grand"));
      String seed = "round " + round + ", min_count " + minCount + ", counts " + table.counts() + ", hidden " + hidden;
      assertEquals(Map.of(), SubtractionAttacker.exposed(table, hidden, minCount), seed);
      table.counts().forEach((id, n) -> {
        if (n > 0 && n < minCount) {
          assertTrue(hidden.contains(id), "small count shown: " + id + " in " + seed);
        }
        if (n == 0) {
          assertFalse(hidden.contains(id), "zero hidden: " + id + " in " + seed);
        }
      });
    }
  }

  @Test
  void theSummarysOwnTablesSurviveTheAttack() {
    Map<String, Long> byRule = new java.util.LinkedHashMap<>();
    for (io.trainaudit.rules.RuleId rule : io.trainaudit.rules.RuleId.values()) {
      byRule.put(rule.name(), 0L);
    }
    byRule.putAll(Map.of("OPT_OUT_GENERATIVE", 3L, "OBJECTION_NON_GENERATIVE", 2L, "UNDER_AGE", 29L, "AGE_UNKNOWN", 23L,
        "PRIVATE_CONTENT", 18L, "VISIBILITY_UNKNOWN", 5L, "AFFILIATE_SHARE_PROTECTED", 34L, "BEFORE_EFFECTIVE_DATE", 29L,
        "DELETED_DATA", 14L));
    long violations = 3 + 2 + 29 + 18 + 34 + 29 + 14;
    Map<String, Map<String, Long>> recipients = Map.of("EU", Map.of("internal", 118L, "parent", 30L), "UK",
        Map.of("internal", 6L), "CH", Map.of("internal", 1L, "parent", 2L));
    Map<String, Long> bands = new java.util.LinkedHashMap<>();
    AgeBand.ALL.forEach(b -> bands.put(b, 0L));
    bands.putAll(Map.of("16-17", 29L, "25-34", 78L, "35-44", 27L, "unknown", 23L));
    FindingCounts counts = new FindingCounts(byRule, Map.of("violation", violations, "unverifiable", 28L),
        new TreeMap<>(Map.of("EU", 148L, "UK", 6L, "CH", 3L, "EEA", 0L)), recipients,
        Map.of("record type salary", 11L, "visibility private", 7L), bands, 3, 2, 4, 9, 4);
    CountTable table = EvidenceSummary.countTable(counts);
    Set<String> hidden = TEN.hide(table, List.of("severity violation"));
    assertEquals(Map.of(), SubtractionAttacker.exposed(table, hidden, 10));
    // Small counts, then their guards: DELETED_DATA (14) for the opt-out rules within the violations,
    // AGE_UNKNOWN (23) and the unverifiable total for VISIBILITY_UNKNOWN, the unknown age band (23) lest
    // the bands give that total back, the salary category (11) for the private one. Violations stay shown.
    assertEquals(new TreeSet<>(Set.of("age band unknown", "late exclusions", "members objecting",
        "members of unknown age", "members opted out", "private content record type salary",
        "private content visibility private", "recipients of CH internal", "recipients of CH parent",
        "recipients of UK internal", "records excluded", "region CH", "region UK", "rule AGE_UNKNOWN",
        "rule DELETED_DATA", "rule OBJECTION_NON_GENERATIVE", "rule OPT_OUT_GENERATIVE", "rule VISIBILITY_UNKNOWN",
        "severity unverifiable")), new TreeSet<>(hidden));
  }

  private static CountTable rules(Map<String, Long> parts, String total) {
    CountTable table = new CountTable();
    new TreeMap<>(parts).forEach(table::count);
    table.count(total, parts.values().stream().mapToLong(Long::longValue).sum());
    table.total(total, new TreeSet<>(parts.keySet()));
    return table;
  }
}
