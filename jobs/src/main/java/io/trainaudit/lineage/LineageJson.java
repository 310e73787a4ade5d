package io.trainaudit.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code model_lineage} object of a run's summary.json, written from a {@link Lineage} and read
 * back into one: reports and exports take the run's model versions and impact from it.
 */
public final class LineageJson {
  public static final String KEY = "model_lineage";

  private LineageJson() {}

  public static Map<String, Object> toMap(Lineage lineage) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("configured", lineage.configured());
    if (!lineage.configured()) {
      map.put("note", Lineage.NOT_CONFIGURED);
      return map;
    }
    List<Map<String, Object>> versions = new ArrayList<>();
    for (ModelVersion v : lineage.versions()) {
      Map<String, Object> version = new LinkedHashMap<>();
      version.put("model_id", v.modelId());
      version.put("model_version", v.modelVersion());
      version.put("trained_at", v.trainedAt().toString());
      version.put("released_at", v.releasedAt() == null ? null : v.releasedAt().toString());
      version.put("snapshot_ids", v.snapshotIds());
      versions.add(version);
    }
    map.put("model_versions", versions);
    List<Map<String, Object>> impact = new ArrayList<>();
    for (ImpactRow r : lineage.impact()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("model_id", r.modelId());
      row.put("model_version", r.modelVersion());
      row.put("rule_id", r.ruleId());
      row.put("severity", r.severity());
      row.put("findings", r.findings());
      row.put("members", r.members());
      row.put("records", r.records());
      row.put("first_snapshot_id", r.firstSnapshotId());
      row.put("last_snapshot_id", r.lastSnapshotId());
      impact.add(row);
    }
    map.put("model_impact", impact);
    return map;
  }

  /** The lineage of a summary's {@code model_lineage}; a summary written before it has none configured. */
  public static Lineage read(JsonNode node) {
    if (node == null || node.isMissingNode() || !node.path("configured").asBoolean(false)) {
      return Lineage.notConfigured();
    }
    List<ModelVersion> versions = new ArrayList<>();
    for (JsonNode v : node.path("model_versions")) {
      List<String> snapshots = new ArrayList<>();
      v.path("snapshot_ids").forEach(s -> snapshots.add(s.asText()));
      versions.add(new ModelVersion(v.path("model_id").asText(), v.path("model_version").asText(),
          Instant.parse(v.path("trained_at").asText()),
          v.path("released_at").isTextual() ? Instant.parse(v.path("released_at").asText()) : null, snapshots));
    }
    List<ImpactRow> impact = new ArrayList<>();
    for (JsonNode r : node.path("model_impact")) {
      impact.add(new ImpactRow(r.path("model_id").asText(), r.path("model_version").asText(),
          r.path("rule_id").asText(), r.path("severity").asText(), r.path("findings").asLong(),
          r.path("members").asLong(), r.path("records").asLong(), r.path("first_snapshot_id").asText(),
          r.path("last_snapshot_id").asText()));
    }
    return new Lineage(true, versions, impact);
  }
}
