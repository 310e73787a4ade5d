package io.trainaudit.generate;

import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.ModelTrainings;
import io.trainaudit.tables.Vocabulary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model versions trained on the generated snapshots (model_trainings), derived from the
 * snapshot plan alone: {@value #WRITER} {@code v1} on the first half of the generative snapshots,
 * {@code v2} on all but the last, {@code v3} on all of them and never released; {@value #RANKER}
 * {@code 2025.1} on every non-generative one. Each version is trained a week after its last
 * snapshot's capture and released three weeks later. Three planted rows are invalid (a null
 * model_version, an unknown snapshot_id, a null trained_at) and one valid row is written twice.
 */
final class ModelPlan implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String WRITER = "writer";
  static final String RANKER = "ranker";
  static final String UNKNOWN_SNAPSHOT = "snap-never-captured";
  private static final long DAY = Times.DAY;

  /** A model version and the snapshots it was trained on, by their index in the plan. */
  record Version(String modelId, String modelVersion, List<Integer> snapshots, long trainedAt, Long releasedAt)
      implements Serializable {
    String name() {
      return modelId + " " + modelVersion;
    }
  }

  private final List<Version> versions;
  private final List<String> snapshotIds;
  private final Map<String, Integer> snapshotIndex = new HashMap<>();

  private ModelPlan(SnapshotPlan plan, List<Version> versions) {
    this.versions = List.copyOf(versions);
    this.snapshotIds = plan.snapshots().stream().map(SnapshotSpec::snapshotId).toList();
    for (int i = 0; i < snapshotIds.size(); i++) {
      snapshotIndex.put(snapshotIds.get(i), i);
    }
  }

  static ModelPlan derive(SnapshotPlan plan) {
    List<SnapshotSpec> snapshots = plan.snapshots();
    List<Integer> generative = new ArrayList<>();
    List<Integer> nonGenerative = new ArrayList<>();
    for (int i = 0; i < snapshots.size(); i++) {
      (Vocabulary.PURPOSE_GENERATIVE.equals(snapshots.get(i).purpose()) ? generative : nonGenerative).add(i);
    }
    List<Version> versions = new ArrayList<>();
    versions.add(version(plan, WRITER, "v1", generative.subList(0, Math.max(1, generative.size() / 2)), true));
    versions.add(version(plan, WRITER, "v2", generative.subList(0, Math.max(1, generative.size() - 1)), true));
    versions.add(version(plan, WRITER, "v3", generative, false));
    if (!nonGenerative.isEmpty()) {
      versions.add(version(plan, RANKER, "2025.1", nonGenerative, true));
    }
    return new ModelPlan(plan, versions);
  }

  private static Version version(SnapshotPlan plan, String model, String version, List<Integer> snapshots,
      boolean released) {
    long trainedAt = plan.snapshots().get(snapshots.get(snapshots.size() - 1)).capturedAt() + 7 * DAY;
    return new Version(model, version, List.copyOf(snapshots), trainedAt, released ? trainedAt + 21 * DAY : null);
  }

  List<Version> versions() {
    return versions;
  }

  /** The versions trained on a snapshot. */
  List<Version> trainedOn(String snapshotId) {
    Integer index = snapshotIndex.get(snapshotId);
    return index == null ? List.of() : versions.stream().filter(v -> v.snapshots().contains(index)).toList();
  }

  /** Per snapshot id, "model|version" of each version trained on it. */
  HashMap<String, String[]> versionsBySnapshot() {
    HashMap<String, String[]> bySnapshot = new HashMap<>();
    for (String snapshotId : snapshotIds) {
      bySnapshot.put(snapshotId, trainedOn(snapshotId).stream().map(v -> v.modelId() + "|" + v.modelVersion())
          .toArray(String[]::new));
    }
    return bySnapshot;
  }

  /** Per snapshot id, its position in capture order. */
  HashMap<String, Integer> snapshotIndex() {
    return new HashMap<>(snapshotIndex);
  }

  String snapshotId(int index) {
    return snapshotIds.get(index);
  }

  /** Every row of model_trainings as written: the valid ones, one of them twice, then the invalid ones. */
  List<Object[]> rows() {
    TableLayout layout = TableLayout.of(InputTable.MODEL_TRAININGS);
    List<Object[]> rows = new ArrayList<>();
    for (Version v : versions) {
      for (int snapshot : v.snapshots()) {
        rows.add(row(layout, v.modelId(), v.modelVersion(), snapshotIds.get(snapshot), v.trainedAt(), v.releasedAt()));
      }
    }
    rows.add(rows.get(0).clone());
    Version first = versions.get(0);
    String firstSnapshot = snapshotIds.get(first.snapshots().get(0));
    rows.add(row(layout, WRITER, null, firstSnapshot, first.trainedAt(), null));
    rows.add(row(layout, WRITER, "v0-draft", UNKNOWN_SNAPSHOT, first.trainedAt(), null));
    rows.add(row(layout, RANKER, "2024.9", firstSnapshot, null, null));
    return rows;
  }

  /** The planted invalid rows of {@link #rows}. */
  static long invalidRows() {
    return 3;
  }

  private static Object[] row(TableLayout layout, String model, String version, String snapshot, Long trainedAt,
      Long releasedAt) {
    return layout.row(ModelTrainings.MODEL_ID, model, ModelTrainings.MODEL_VERSION, version,
        ModelTrainings.SNAPSHOT_ID, snapshot, ModelTrainings.TRAINED_AT, trainedAt, ModelTrainings.RELEASED_AT,
        releasedAt);
  }
}
