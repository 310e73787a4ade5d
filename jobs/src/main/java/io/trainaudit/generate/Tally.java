package io.trainaudit.generate;

import io.trainaudit.config.OptOutMode;
import io.trainaudit.generate.MemberHistory.Finding;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.InputTable;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;

/** Counts over simulated members, summed across Spark partitions into a {@link GenerationResult}. */
final class Tally implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long[] rows = new long[InputTable.values().length];
  private final long[] invalid = new long[InputTable.values().length];
  private final long[] planted = new long[PlantedCase.values().length];
  private final long[][] findings = new long[OptOutMode.values().length][RuleId.values().length];
  private long duplicates;

  Tally add(MemberHistory member) {
    for (InputTable table : InputTable.values()) {
      rows[table.ordinal()] += member.rowCount(table);
      invalid[table.ordinal()] += member.invalidRows(table).size();
    }
    duplicates += member.duplicateCount();
    if (member.plantedCase != null) {
      planted[member.plantedCase.ordinal()]++;
    }
    for (OptOutMode mode : OptOutMode.values()) {
      for (Finding finding : member.findings.get(mode)) {
        findings[mode.ordinal()][finding.rule().ordinal()]++;
      }
    }
    return this;
  }

  Tally merge(Tally other) {
    for (int i = 0; i < rows.length; i++) {
      rows[i] += other.rows[i];
      invalid[i] += other.invalid[i];
    }
    for (int i = 0; i < planted.length; i++) {
      planted[i] += other.planted[i];
    }
    for (int m = 0; m < findings.length; m++) {
      for (int r = 0; r < findings[m].length; r++) {
        findings[m][r] += other.findings[m][r];
      }
    }
    duplicates += other.duplicates;
    return this;
  }

  /** The result, counting besides the members' rows {@code sharedRows} written once for all (the contexts' flags). */
  GenerationResult toResult(GeneratorOptions options, Map<InputTable, Long> sharedRows) {
    Map<InputTable, Long> rowsWritten = new EnumMap<>(InputTable.class);
    Map<InputTable, Long> invalidRows = new EnumMap<>(InputTable.class);
    for (InputTable table : InputTable.values()) {
      rowsWritten.put(table, rows[table.ordinal()] + sharedRows.getOrDefault(table, 0L));
      invalidRows.put(table, invalid[table.ordinal()]);
    }
    Map<PlantedCase, Long> plantedCases = new EnumMap<>(PlantedCase.class);
    for (PlantedCase plantedCase : PlantedCase.values()) {
      plantedCases.put(plantedCase, planted[plantedCase.ordinal()]);
    }
    Map<OptOutMode, Map<RuleId, Long>> expected = new EnumMap<>(OptOutMode.class);
    for (OptOutMode mode : OptOutMode.values()) {
      Map<RuleId, Long> perRule = new EnumMap<>(RuleId.class);
      for (RuleId rule : RuleId.values()) {
        perRule.put(rule, findings[mode.ordinal()][rule.ordinal()]);
      }
      expected.put(mode, perRule);
    }
    return new GenerationResult(options, rowsWritten, rows[InputTable.TRAINING_SNAPSHOTS.ordinal()], invalidRows,
        duplicates, plantedCases, expected);
  }
}
