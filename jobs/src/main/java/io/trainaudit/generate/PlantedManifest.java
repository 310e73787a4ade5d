package io.trainaudit.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainaudit.Errors;
import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.InputTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * {@code ground_truth/planted.json}: the options, the snapshots, every planted case with its
 * count and designed findings, the invalid and duplicate rows, and the ground truth's size.
 */
final class PlantedManifest {
  static final String FILE_NAME = "planted.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlantedManifest() {}

  static void write(Path file, GenerationResult result, SnapshotPlan plan) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, JSON.writeValueAsString(toJson(result, plan)) + "\n");
    } catch (IOException e) {
      throw Errors.io("write the planted-case manifest " + file, e);
    }
  }

  static ObjectNode toJson(GenerationResult result, SnapshotPlan plan) {
    ObjectNode root = JSON.createObjectNode();
    GeneratorOptions options = result.options();
    ObjectNode optionsNode = root.putObject("options");
    optionsNode.put("out", options.out().toString());
    optionsNode.put("members", options.members());
    optionsNode.put("records_per_member", options.recordsPerMember());
    optionsNode.put("snapshots", options.snapshots());
    optionsNode.put("seed", options.seed());

    ArrayNode snapshots = root.putArray("snapshots");
    for (SnapshotSpec snapshot : plan.snapshots()) {
      ObjectNode node = snapshots.addObject();
      node.put("snapshot_id", snapshot.snapshotId());
      node.put("captured_at", Instant.ofEpochSecond(snapshot.capturedAt()).toString());
      node.put("purpose", snapshot.purpose());
      node.put("recipient", snapshot.recipient());
    }

    ObjectNode cases = root.putObject("planted_cases");
    for (PlantedCase plantedCase : PlantedCase.values()) {
      ObjectNode node = cases.putObject(plantedCase.slug());
      node.put("count", result.plantedCases().get(plantedCase));
      node.put("snapshot_id", plan.snapshot(plantedCase.snapshot()).snapshotId());
      node.put("record_id_prefix", "p-" + plantedCase.slug() + "-");
      node.put("description", plantedCase.description());
      ObjectNode expected = node.putObject("expected_findings");
      for (OptOutMode mode : OptOutMode.values()) {
        ArrayNode rules = expected.putArray(mode.configValue());
        plantedCase.expectedFindings(mode).forEach(rule -> rules.add(rule.name()));
      }
    }
    ObjectNode plantedFindings = root.putObject("planted_findings");
    for (OptOutMode mode : OptOutMode.values()) {
      putRuleCounts(plantedFindings.putObject(mode.configValue()), result.plantedFindings(mode));
    }

    ObjectNode rowsWritten = root.putObject("rows_written");
    ObjectNode invalidRows = root.putObject("invalid_rows");
    for (InputTable table : InputTable.values()) {
      rowsWritten.put(table.tableName(), result.rowsWritten().get(table));
      invalidRows.put(table.tableName(), result.invalidRows().get(table));
    }
    root.put("training_rows", result.trainingRows());
    root.put("duplicate_training_rows", result.duplicateTrainingRows());
    root.put("audited_training_rows", result.auditedTrainingRows());

    ObjectNode expectedFindings = root.putObject("expected_findings");
    for (OptOutMode mode : OptOutMode.values()) {
      putRuleCounts(expectedFindings.putObject(mode.configValue()), result.expectedFindings().get(mode));
    }
    return root;
  }

  private static void putRuleCounts(ObjectNode node, Map<RuleId, Long> counts) {
    counts.forEach((rule, count) -> node.put(rule.name(), count));
  }
}
