package io.trainaudit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainaudit.config.ConfigLoader;
import io.trainaudit.generate.MemberHistory.Finding;
import io.trainaudit.generate.MemberHistory.TrainingRow;
import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.Policy;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.InputTable;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The simulation without Spark: every planted case produces exactly the findings it was designed for. */
class PlantedCaseTest {
  /** The policy the planted cases are designed for: the default one with the contract's example cutoff. */
  static final Policy POLICY = ConfigLoader.fromYaml("policy: {data_origin_cutoff: {EU: 2024-07-01, UK: 2025-01-01}}\n",
      Path.of("."), "design.yaml").policy();
  private static final GeneratorOptions OPTIONS = new GeneratorOptions(Path.of("unused"), 500, 5, 4, 42L);

  @Test
  void everyPlantedCaseProducesExactlyItsDesignedFindings() {
    MemberSimulator simulator = new MemberSimulator(OPTIONS, SnapshotPlan.derive(42L, 4, "internal"), POLICY);
    Map<PlantedCase, Long> seen = new EnumMap<>(PlantedCase.class);
    for (long index = 0; index < OPTIONS.members(); index++) {
      PlantedCase plantedCase = simulator.plantedCase(index);
      if (plantedCase == null) {
        continue;
      }
      MemberHistory member = simulator.simulate(index);
      assertEquals(1, member.training.size(), plantedCase + " has one audited training row");
      TrainingRow row = member.training.get(0);
      assertTrue(row.recordId().startsWith("p-" + plantedCase.slug() + "-"), row.recordId());
      for (OptOutMode mode : OptOutMode.values()) {
        Set<RuleId> found =
            member.findings.get(mode).stream().map(Finding::rule).collect(Collectors.toCollection(() -> EnumSet.noneOf(RuleId.class)));
        assertEquals(plantedCase.expectedFindings(mode), found, plantedCase + " under " + mode);
      }
      seen.merge(plantedCase, 1L, Long::sum);
    }
    for (PlantedCase plantedCase : PlantedCase.values()) {
      assertEquals(1L, seen.get(plantedCase), "copies of " + plantedCase + " among 500 members");
    }
  }

  @Test
  void withoutACutoffTheCutoffCasesAreNotPlantedAndTheirMembersLiveOrdinaryLives() {
    Policy noCutoff = ConfigLoader.defaults(Path.of(".")).policy();
    MemberSimulator simulator = new MemberSimulator(OPTIONS, SnapshotPlan.derive(42L, 4, "internal"), noCutoff);
    Map<PlantedCase, Long> seen = new EnumMap<>(PlantedCase.class);
    long ordinaryInPlantedSlots = 0;
    for (long index = 0; index < OPTIONS.members(); index++) {
      PlantedCase plantedCase = simulator.plantedCase(index);
      if (plantedCase != null) {
        seen.merge(plantedCase, 1L, Long::sum);
      } else if (new MemberSimulator(OPTIONS, SnapshotPlan.derive(42L, 4, "internal"), POLICY).plantedCase(index) != null) {
        ordinaryInPlantedSlots++;
        assertTrue(simulator.simulate(index).training.stream().noneMatch(r -> r.recordId().startsWith("p-")));
      }
    }
    assertEquals(null, seen.get(PlantedCase.CUTOFF_AT_MIDNIGHT));
    assertEquals(null, seen.get(PlantedCase.CUTOFF_SECOND_BEFORE));
    assertEquals(2, ordinaryInPlantedSlots);
    assertEquals(PlantedCase.values().length - 2, seen.size());
  }

  @Test
  void theDemoConfigurationGivesBothRulesOfContextsAndCutoffsSomethingToFind() throws Exception {
    String yaml;
    try (var in = io.trainaudit.cli.DemoCommand.class.getResourceAsStream("demo-audit.yaml")) {
      yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    io.trainaudit.config.AuditConfig demo = ConfigLoader.fromYaml(yaml, Path.of("/demo"), "audit.yaml");
    assertTrue(demo.has(InputTable.SENSITIVE_CONTEXTS), "the demo reads the sensitive contexts");
    assertTrue(demo.has(InputTable.MODEL_TRAININGS), "the demo reads the model lineage the generator writes");
    GeneratorOptions options = new GeneratorOptions(Path.of("unused"), 5000, 10, 6, 42L);
    MemberSimulator simulator = new MemberSimulator(options, SnapshotPlan.derive(42L, 6, "internal"), demo.policy());
    Map<RuleId, Long> found = new EnumMap<>(RuleId.class);
    for (long index = 0; index < options.members(); index++) {
      simulator.simulate(index).findings.get(OptOutMode.USE_TIME).forEach(f -> found.merge(f.rule(), 1L, Long::sum));
    }
    assertTrue(found.getOrDefault(RuleId.SENSITIVE_CONTEXT, 0L) > 2, "SENSITIVE_CONTEXT findings: " + found);
    assertTrue(found.getOrDefault(RuleId.DATA_ORIGIN_CUTOFF, 0L) > 2, "DATA_ORIGIN_CUTOFF findings: " + found);
  }

  @Test
  void everyRuleHasAPlantedCaseUnderEachMode() {
    for (OptOutMode mode : OptOutMode.values()) {
      Set<RuleId> planted = EnumSet.noneOf(RuleId.class);
      for (PlantedCase plantedCase : PlantedCase.values()) {
        planted.addAll(plantedCase.expectedFindings(mode));
      }
      assertEquals(EnumSet.allOf(RuleId.class), planted, mode.configValue());
    }
  }

  @Test
  void invalidRowsArePlantedInEveryTableAndHaveNoEffect() {
    MemberSimulator simulator = new MemberSimulator(OPTIONS, SnapshotPlan.derive(42L, 4, "internal"), POLICY);
    long index = indexOf(simulator, PlantedCase.INVALID_ROWS);
    MemberHistory member = simulator.simulate(index);
    for (InputTable table : InputTable.values()) {
      // The lineage is the plan's, not a member's: its invalid rows are planted once, with it.
      assertEquals(table != InputTable.MODEL_TRAININGS, !member.invalidRows(table).isEmpty(),
          "invalid rows in " + table.tableName());
    }
    assertEquals(3, ModelPlan.invalidRows());
    List<Object[]> lineage = ModelPlan.derive(SnapshotPlan.derive(42L, 4, "internal")).rows();
    assertEquals(3, lineage.stream().filter(r -> r[1] == null || r[3] == null
        || ModelPlan.UNKNOWN_SNAPSHOT.equals(r[2])).count(), "null model_version, null trained_at, unknown snapshot");
    assertTrue(member.findings.get(OptOutMode.USE_TIME).isEmpty());
  }

  @Test
  void sameSeedAndIndexGiveTheSameMember() {
    MemberSimulator one = new MemberSimulator(OPTIONS, SnapshotPlan.derive(42L, 4, "internal"), POLICY);
    MemberSimulator two = new MemberSimulator(OPTIONS, SnapshotPlan.derive(42L, 4, "internal"), POLICY);
    for (long index = 0; index < 50; index++) {
      MemberHistory a = one.simulate(index);
      MemberHistory b = two.simulate(index);
      for (InputTable table : InputTable.values()) {
        assertEquals(rowsAsText(a, table), rowsAsText(b, table), table + " of member " + index);
      }
    }
  }

  @Test
  void snapshotPlanCoversTheRoles() {
    SnapshotPlan plan = SnapshotPlan.derive(7L, 5, "internal");
    assertEquals(5, plan.snapshots().size());
    SnapshotSpec early = plan.snapshot(SnapshotPlan.Role.EARLY);
    SnapshotSpec late = plan.snapshot(SnapshotPlan.Role.LATE);
    assertTrue(early.capturedAt() < Times.startOf(2024, 9, 18), "early snapshot before the US effective date");
    assertTrue(late.capturedAt() > Times.startOf(2026, 2, 28), "late snapshot after the leap-day birthday");
    assertEquals("non_generative", plan.snapshot(SnapshotPlan.Role.NON_GENERATIVE).purpose());
    assertEquals(SnapshotPlan.AFFILIATE_RECIPIENT, late.recipient());
    for (int i = 1; i < plan.snapshots().size(); i++) {
      assertTrue(plan.snapshots().get(i - 1).capturedAt() < plan.snapshots().get(i).capturedAt(), "sorted by capture");
    }
  }

  @Test
  void optionsRejectBadArguments() {
    assertEquals("members must be between 100 and 1000000000 (every planted case needs members of its own), got 5",
        assertThrows(IllegalArgumentException.class, () -> new GeneratorOptions(Path.of("x"), 5, 1, 3, 1L)).getMessage());
    assertEquals("records per member must be between 1 and 10000, got 0",
        assertThrows(IllegalArgumentException.class, () -> new GeneratorOptions(Path.of("x"), 100, 0, 3, 1L)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new GeneratorOptions(Path.of("x"), 100, 1, 2, 1L))
        .getMessage().startsWith("snapshots must be between 3 and 1000"));
    assertEquals("out must name the output directory, got none",
        assertThrows(IllegalArgumentException.class, () -> new GeneratorOptions(null, 100, 1, 3, 1L)).getMessage());
    assertNotNull(new GeneratorOptions(Path.of("x"), 100, 1, 3, -1L));
  }

  private static long indexOf(MemberSimulator simulator, PlantedCase plantedCase) {
    for (long index = 0; ; index++) {
      if (simulator.plantedCase(index) == plantedCase) {
        return index;
      }
    }
  }

  private static String rowsAsText(MemberHistory member, InputTable table) {
    return member.rowsOf(table).stream().map(java.util.Arrays::toString).collect(Collectors.joining("\n"));
  }
}
