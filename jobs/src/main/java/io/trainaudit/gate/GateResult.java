package io.trainaudit.gate;

import io.trainaudit.audit.Coverage;
import io.trainaudit.tables.TableLocation;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one gate run concluded about its candidate snapshot.
 *
 * @param coverage the candidate's rows: read = audited + quarantined + duplicate
 * @param findingsByRule findings of the candidate per enabled rule, in the contract's order
 * @param rowsExcluded rows of the exclusion table this run wrote: one per (snapshot_id, record_id) to leave out
 * @param invalidRowsByReason the candidate's quarantined rows per kind of reason (the value quoted in a reason dropped)
 * @param rowsDigest the order-independent digest of the candidate's rows
 * @param inputVersions the Delta version of each input table read
 * @param clearanceFile the signed clearance; null unless {@link GateStatus#CLEARED}
 */
public record GateResult(
    String gateRunId,
    String snapshotId,
    GateStatus status,
    Coverage coverage,
    Map<String, Long> findingsByRule,
    long violations,
    long unverifiable,
    long rowsExcluded,
    Map<String, Long> invalidRowsByReason,
    String rowsDigest,
    Map<String, Long> inputVersions,
    boolean excludeUnverifiable,
    TableLocation exclusions,
    Path clearanceFile) {

  public GateResult {
    Objects.requireNonNull(gateRunId, "gateRunId");
    Objects.requireNonNull(snapshotId, "snapshotId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(coverage, "coverage");
    Objects.requireNonNull(rowsDigest, "rowsDigest");
    findingsByRule = Collections.unmodifiableMap(new LinkedHashMap<>(findingsByRule));
    invalidRowsByReason = Collections.unmodifiableMap(new LinkedHashMap<>(invalidRowsByReason));
    inputVersions = Collections.unmodifiableMap(new LinkedHashMap<>(inputVersions));
    if ((status == GateStatus.CLEARED) != (clearanceFile != null)) {
      throw new IllegalArgumentException("a clearance file exactly when cleared: " + status + ", " + clearanceFile);
    }
    if ((status == GateStatus.CLEARED) != (rowsExcluded == 0)) {
      throw new IllegalArgumentException("cleared exactly when nothing is excluded: " + status + ", " + rowsExcluded);
    }
  }
}
