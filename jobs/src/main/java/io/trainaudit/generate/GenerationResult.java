package io.trainaudit.generate;

import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.InputTable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a generation wrote, and what an audit of it must find.
 *
 * @param options the options generated with
 * @param rowsWritten rows written per input table, invalid rows and duplicates included
 * @param trainingRows rows written to training_snapshots
 * @param invalidRows planted rows per table that the auditor must quarantine
 * @param duplicateTrainingRows extra exact copies of training rows, each audited once
 * @param plantedCases members (and so training rows) planted per case
 * @param expectedFindings the ground truth's size per opt-out mode and rule
 */
public record GenerationResult(
    GeneratorOptions options,
    Map<InputTable, Long> rowsWritten,
    long trainingRows,
    Map<InputTable, Long> invalidRows,
    long duplicateTrainingRows,
    Map<PlantedCase, Long> plantedCases,
    Map<OptOutMode, Map<RuleId, Long>> expectedFindings) {

  public GenerationResult {
    Objects.requireNonNull(options, "options");
    rowsWritten = complete(InputTable.class, rowsWritten, "rowsWritten");
    invalidRows = complete(InputTable.class, invalidRows, "invalidRows");
    plantedCases = complete(PlantedCase.class, plantedCases, "plantedCases");
    Map<OptOutMode, Map<RuleId, Long>> findings = new EnumMap<>(OptOutMode.class);
    for (OptOutMode mode : OptOutMode.values()) {
      findings.put(mode, complete(RuleId.class, expectedFindings.get(mode), "expectedFindings." + mode.configValue()));
    }
    expectedFindings = Collections.unmodifiableMap(findings);
    if (trainingRows != rowsWritten.get(InputTable.TRAINING_SNAPSHOTS)) {
      throw new IllegalArgumentException("trainingRows " + trainingRows + " differs from the rows written to "
          + InputTable.TRAINING_SNAPSHOTS.tableName() + ": " + rowsWritten.get(InputTable.TRAINING_SNAPSHOTS));
    }
    if (trainingRows - invalidRows.get(InputTable.TRAINING_SNAPSHOTS) - duplicateTrainingRows < 0) {
      throw new IllegalArgumentException("more invalid and duplicate training rows than training rows");
    }
  }

  /** The training rows the auditor must audit: rows read less invalid rows and duplicates. */
  public long auditedTrainingRows() {
    return trainingRows - invalidRows.get(InputTable.TRAINING_SNAPSHOTS) - duplicateTrainingRows;
  }

  public long expectedFindings(OptOutMode mode, RuleId rule) {
    return expectedFindings.get(mode).get(rule);
  }

  /** The findings the planted cases were designed to produce, per rule (a lower bound of the ground truth). */
  public Map<RuleId, Long> plantedFindings(OptOutMode mode) {
    Map<RuleId, Long> planted = new EnumMap<>(RuleId.class);
    for (RuleId rule : RuleId.values()) {
      planted.put(rule, 0L);
    }
    plantedCases.forEach((plantedCase, count) ->
        plantedCase.expectedFindings(mode).forEach(rule -> planted.merge(rule, count, Long::sum)));
    return Collections.unmodifiableMap(planted);
  }

  private static <K extends Enum<K>> Map<K, Long> complete(Class<K> keys, Map<K, Long> counts, String name) {
    Objects.requireNonNull(counts, name);
    Map<K, Long> copy = new EnumMap<>(keys);
    for (K key : keys.getEnumConstants()) {
      Long count = counts.get(key);
      if (count == null || count < 0) {
        throw new IllegalArgumentException(name + " needs a count of at least 0 for " + key + ", got " + count);
      }
      copy.put(key, count);
    }
    return Collections.unmodifiableMap(copy);
  }
}
