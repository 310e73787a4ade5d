package io.trainaudit.audit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A run's reconciliation of training rows: {@code rowsRead = rowsAudited + rowsQuarantined + rowsDuplicate}.
 * The one model of coverage: the run, its record, summary.json (with {@code reconciled}), the
 * report and the evidence all use it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(value = "reconciled", allowGetters = true)
public record Coverage(long rowsRead, long rowsAudited, long rowsQuarantined, long rowsDuplicate) {
  public Coverage {
    if (rowsRead < 0 || rowsAudited < 0 || rowsQuarantined < 0 || rowsDuplicate < 0) {
      throw new IllegalArgumentException("negative row count");
    }
  }

  public static Coverage sum(List<SnapshotCoverage> snapshots) {
    return new Coverage(
        snapshots.stream().mapToLong(SnapshotCoverage::rowsRead).sum(),
        snapshots.stream().mapToLong(SnapshotCoverage::rowsAudited).sum(),
        snapshots.stream().mapToLong(SnapshotCoverage::rowsQuarantined).sum(),
        snapshots.stream().mapToLong(SnapshotCoverage::rowsDuplicate).sum());
  }

  @JsonProperty("reconciled")
  public boolean reconciles() {
    return rowsRead == rowsAudited + rowsQuarantined + rowsDuplicate;
  }
}
