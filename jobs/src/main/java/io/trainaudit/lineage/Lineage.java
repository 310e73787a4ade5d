package io.trainaudit.lineage;

import java.util.List;

/**
 * What a run knows of its models: whether model_trainings was read, the model versions it lists,
 * and the model impact of the run's open findings.
 */
public record Lineage(boolean configured, List<ModelVersion> versions, List<ImpactRow> impact) {
  /** What reports, notebooks and exports say when no model_trainings table is configured. */
  public static final String NOT_CONFIGURED = "no model lineage configured";

  public Lineage {
    versions = List.copyOf(versions);
    impact = List.copyOf(impact);
    if (!configured && (!versions.isEmpty() || !impact.isEmpty())) {
      throw new IllegalArgumentException("no lineage configured, yet model versions or impact given");
    }
  }

  public static Lineage notConfigured() {
    return new Lineage(false, List.of(), List.of());
  }

  /** The model versions trained on a snapshot, by name. */
  public List<ModelVersion> trainedOn(String snapshotId) {
    return versions.stream().filter(v -> v.snapshotIds().contains(snapshotId)).toList();
  }
}
