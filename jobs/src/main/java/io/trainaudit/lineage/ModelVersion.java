package io.trainaudit.lineage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A model version as model_trainings records it.
 *
 * @param trainedAt the latest trained_at of its rows
 * @param releasedAt the earliest released_at of its rows; null: never released
 * @param snapshotIds the snapshots it was trained on, sorted
 */
public record ModelVersion(String modelId, String modelVersion, Instant trainedAt, Instant releasedAt,
    List<String> snapshotIds) {
  public ModelVersion {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(trainedAt, "trainedAt");
    snapshotIds = List.copyOf(snapshotIds);
  }

  public String name() {
    return modelId + " " + modelVersion;
  }

  public boolean released() {
    return releasedAt != null;
  }
}
