package io.trainaudit.generate;

import io.trainaudit.generate.MemberHistory.Finding;
import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.InputTable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Counts over simulated members, summed across Spark partitions into a {@link GenerationResult}. */
final class Tally implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long[] rows = new long[InputTable.values().length];
  private final long[] invalid = new long[InputTable.values().length];
  private final long[] planted = new long[PlantedCase.values().length];
  private final long[][] findings = new long[OptOutMode.values().length][RuleId.values().length];
  private long duplicates;
  /** Per snapshot id, "model|version" of each version trained on it: plain types, which Kryo copies. */
  private final HashMap<String, String[]> versionsBySnapshot;
  /** Per snapshot id, its position in capture order. */
  private final HashMap<String, Integer> snapshotIndex;
  /**
   * The ground truth of model impact: by "mode|model|version|rule", findings, members, records
   * and the first and last snapshot's index in capture order.
   */
  private final Map<String, long[]> impact = new TreeMap<>();

  Tally(ModelPlan models) {
    this.versionsBySnapshot = models.versionsBySnapshot();
    this.snapshotIndex = models.snapshotIndex();
  }

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
      addImpact(mode, member);
    }
    return this;
  }

  /** Every finding of the member counts for each model version trained on its snapshot. */
  private void addImpact(OptOutMode mode, MemberHistory member) {
    Map<String, Set<String>> records = new HashMap<>();
    for (Finding finding : member.findings.get(mode)) {
      int snapshot = snapshotIndex.get(finding.snapshotId());
      for (String version : versionsBySnapshot.getOrDefault(finding.snapshotId(), new String[0])) {
        String key = String.join("|", mode.configValue(), version, finding.rule().name());
        long[] counts = impact.computeIfAbsent(key, k -> new long[] {0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
        counts[0]++;
        counts[3] = Math.min(counts[3], snapshot);
        counts[4] = Math.max(counts[4], snapshot);
        records.computeIfAbsent(key, k -> new HashSet<>()).add(finding.recordId());
      }
    }
    // A finding's member is its record's owner, the member simulated (or, for an unknown record, the one it names).
    records.forEach((key, ids) -> {
      impact.get(key)[1]++;
      impact.get(key)[2] += ids.size();
    });
  }

  /**
   * The model impact an audit in {@code mode} must write: model_id, model_version, rule_id,
   * severity, findings, members, records, first_snapshot_id, last_snapshot_id.
   */
  List<Object[]> modelImpact(OptOutMode mode, ModelPlan models) {
    List<Object[]> rows = new ArrayList<>();
    impact.forEach((key, counts) -> {
      String[] parts = key.split("\\|");
      if (parts[0].equals(mode.configValue())) {
        rows.add(new Object[] {parts[1], parts[2], parts[3], RuleId.valueOf(parts[3]).severity().value(), counts[0],
            counts[1], counts[2], models.snapshotId((int) counts[3]), models.snapshotId((int) counts[4])});
      }
    });
    return rows;
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
    other.impact.forEach((key, counts) -> impact.merge(key, counts.clone(), (a, b) -> new long[] {
        a[0] + b[0], a[1] + b[1], a[2] + b[2], Math.min(a[3], b[3]), Math.max(a[4], b[4])}));
    return this;
  }

  /**
   * The result, counting besides the members' rows {@code sharedRows} written once for all (the
   * contexts' flags, the model lineage), of which {@code sharedInvalid} are invalid.
   */
  GenerationResult toResult(GeneratorOptions options, Map<InputTable, Long> sharedRows,
      Map<InputTable, Long> sharedInvalid) {
    Map<InputTable, Long> rowsWritten = new EnumMap<>(InputTable.class);
    Map<InputTable, Long> invalidRows = new EnumMap<>(InputTable.class);
    for (InputTable table : InputTable.values()) {
      rowsWritten.put(table, rows[table.ordinal()] + sharedRows.getOrDefault(table, 0L));
      invalidRows.put(table, invalid[table.ordinal()] + sharedInvalid.getOrDefault(table, 0L));
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
