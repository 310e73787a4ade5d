package io.trainaudit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.audit.Coverage;
import io.trainaudit.audit.RunRecord;
import io.trainaudit.audit.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
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
    Map<String, Long> inputVersions, long rowsRead, long rowsAudited, long rowsQuarantined, long rowsDuplicate,
    List<Snapshot> snapshots, Long findingsVersion) {

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
    Path summaryFile = reportsDir.resolve(runId).resolve(RunSummary.FILE_NAME);
    JsonNode summary;
    JsonNode policy;
    try {
      summary = JSON.readTree(Files.readString(summaryFile));
      policy = JSON.readTree(run.provenance().policyJson());
    } catch (IOException e) {
      throw EvidenceErrors.summaryUnreadable(runId, summaryFile, e);
    }
    List<Snapshot> snapshots = new ArrayList<>();
    for (JsonNode s : summary.path("snapshots")) {
      if (s.path("snapshot_id").isTextual()) {
        snapshots.add(new Snapshot(s.get("snapshot_id").asText(), s.path("captured_at").asText(null),
            s.path("purpose").asText(null), s.path("recipient").asText(null),
            s.path("clearance").path("status").asText(null)));
      }
    }
    Coverage coverage = run.outcome().coverage();
    // The version of the findings table the run's own commits produced; null for a run recorded before that.
    Long findingsVersion = run.versions().results().get(FINDINGS);
    return new RunFacts(runId, run.endedAt(), run.provenance().policyHash(), policy, run.provenance().codeVersion(),
        run.versions().inputs(), coverage.rowsRead(), coverage.rowsAudited(), coverage.rowsQuarantined(),
        coverage.rowsDuplicate(), snapshots, findingsVersion);
  }
}
