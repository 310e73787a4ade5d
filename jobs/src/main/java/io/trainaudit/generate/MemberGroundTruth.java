package io.trainaudit.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainaudit.Errors;
import io.trainaudit.generate.MemberHistory.ConsentRow;
import io.trainaudit.generate.MemberHistory.Finding;
import io.trainaudit.generate.MemberHistory.TrainingRow;
import io.trainaudit.rules.OptOutMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code ground_truth/member_statements.json}: for the first member of a few planted cases (opted
 * out before a capture, under 18, a private record, and a clean one), the facts a member statement
 * must hold: the member's training rows, its findings in each opt-out mode, its consent events and
 * the model versions trained on its rows. Simulated again on the driver, as the tasks did.
 */
final class MemberGroundTruth {
  static final String FILE_NAME = "member_statements.json";
  /** The cases whose first member gets a statement, by what the statement must say. */
  static final List<PlantedCase> CASES = List.of(PlantedCase.OPT_OUT_SETTING, PlantedCase.UNDER_AGE_AT_CAPTURE,
      PlantedCase.EXCLUDED_TYPE, PlantedCase.BIRTHDAY_AT_COLLECTION);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MemberGroundTruth() {}

  static void write(Path file, MemberSimulator simulator, ModelPlan models) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode members = root.putArray("members");
    for (PlantedCase plantedCase : CASES) {
      long index = simulator.firstMemberOf(plantedCase);
      if (index >= 0) {
        members.add(member(plantedCase, simulator.simulate(index), models));
      }
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, JSON.writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw Errors.io("write the member statements' ground truth " + file, e);
    }
  }

  private static ObjectNode member(PlantedCase plantedCase, MemberHistory member, ModelPlan models) {
    ObjectNode node = JSON.createObjectNode();
    node.put("case", plantedCase.slug());
    node.put("member_id", member.memberId);
    node.put("birth_date", member.member == null || member.member.birthDate() == null ? null
        : member.member.birthDate().toString());
    ArrayNode rows = node.putArray("training_rows");
    TreeSet<String> versions = new TreeSet<>();
    for (TrainingRow row : member.training) {
      ObjectNode r = rows.addObject();
      r.put("snapshot_id", row.snapshotId());
      r.put("record_id", row.recordId());
      models.trainedOn(row.snapshotId()).forEach(v -> versions.add(v.name()));
    }
    ArrayNode trained = node.putArray("model_versions");
    versions.forEach(trained::add);
    ArrayNode consent = node.putArray("consent_events");
    for (ConsentRow event : member.consent) {
      ObjectNode e = consent.addObject();
      e.put("channel", event.channel());
      e.put("opted_out", event.optedOut());
      e.put("event_time", Instant.ofEpochSecond(event.eventTime()).toString());
    }
    ObjectNode findings = node.putObject("findings");
    for (OptOutMode mode : OptOutMode.values()) {
      ArrayNode list = findings.putArray(mode.configValue());
      for (Finding f : member.findings.get(mode)) {
        ObjectNode finding = list.addObject();
        finding.put("rule_id", f.rule().name());
        finding.put("snapshot_id", f.snapshotId());
        finding.put("record_id", f.recordId());
      }
    }
    return node;
  }
}
