package io.trainaudit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.audit.Coverage;
import io.trainaudit.audit.RunRecord;
import io.trainaudit.audit.SummaryFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an export needs to know of a succeeded run: its record in audit_runs (policy as recorded,
 * input versions, coverage) and the snapshots its summary.json lists.
 */
record RunFacts(String runId, Instant endedAt, String policyHash, JsonNode policy, String codeVersion,
    Map<String, Long> inputVersions, Coverage coverage, List<Snapshot> snapshots, Long findingsVersion) {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The key of the findings table in audit_runs.result_versions. */
  private static final String FINDINGS = "findings";

  RunFacts {
    inputVersions = java.util.Collections.unmodifiableMap(new TreeMap<>(inputVersions));
    snapshots = List.copyOf(snapshots);
  }

  /**
   * One audited snapshot; captured_at as an ISO instant.
   *
   * @param clearance its clearance status by the pre-training gate; null in a summary written before clearances
   */
  record Snapshot(String snapshotId, String capturedAt, String purpose, String recipient, String clearance) {}

  /** The facts of a succeeded run ({@link io.trainaudit.audit.RunStore#findSucceeded}) and its summary file. */
  static RunFacts of(RunRecord run, Path reportsDir) {
    String runId = run.runId();
    SummaryFile summary = SummaryFile.read(reportsDir, runId, "export");
    JsonNode policy;
    try {
      policy = JSON.readTree(run.provenance().policyJson());
    } catch (IOException e) {
      throw EvidenceErrors.policyUnreadable(runId, e);
    }
    List<Snapshot> snapshots = new ArrayList<>();
    for (SummaryFile.Snapshot s : summary.snapshots()) {
      if (s.snapshotId() != null) {
        snapshots.add(new Snapshot(s.snapshotId(), s.capturedAt(), s.purpose(), s.recipient(),
            s.clearance() == null ? null : s.clearance().status()));
      }
    }
    // The version of the findings table the run's own commits produced; null for a run recorded before that.
    Long findingsVersion = run.versions().results().get(FINDINGS);
    return new RunFacts(runId, run.endedAt(), run.provenance().policyHash(), policy, run.provenance().codeVersion(),
        run.versions().inputs(), run.outcome().coverage(), snapshots, findingsVersion);
  }
}
