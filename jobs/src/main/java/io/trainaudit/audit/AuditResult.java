package io.trainaudit.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run concluded.
 *
 * @param findingsByRule findings of this run per rule id
 * @param summaryFile the run's summary.json
 */
public record AuditResult(
    String runId,
    Coverage coverage,
    List<SnapshotCoverage> snapshots,
    long violations,
    long unverifiable,
    Map<String, Long> findingsByRule,
    Path summaryFile) {

  public AuditResult {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(coverage, "coverage");
    snapshots = List.copyOf(snapshots);
    findingsByRule = Map.copyOf(findingsByRule);
  }

  /** The ids of the snapshots audited (rows without a snapshot id are only counted). */
  public List<String> snapshotIds() {
    return snapshots.stream().map(SnapshotCoverage::snapshotId).filter(Objects::nonNull).toList();
  }

  public Conclusion conclusion() {
    return Conclusion.of(violations);
  }
}
