package io.trainaudit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.audit.RunRecord;
import io.trainaudit.report.RunSummary;
import io.trainaudit.tables.AuditRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * What an export needs to know of a succeeded run: its record in audit_runs (policy as recorded,
 * input versions, coverage) and the snapshots its summary.json lists.
 */
record RunFacts(String runId, Timestamp endedAt, String policyHash, JsonNode policy, String codeVersion,
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

  static RunFacts of(Row run, Path reportsDir) {
    String runId = run.getAs(AuditRuns.RUN_ID);
    String status = run.getAs(AuditRuns.STATUS);
    if (!RunRecord.SUCCEEDED.equals(status)) {
      throw new AuditException(ErrorCode.USAGE, "Cannot export run " + runId + ": its status is " + status
          + ", only a succeeded run gives evidence");
    }
    Path summaryFile = reportsDir.resolve(runId).resolve(RunSummary.FILE_NAME);
    JsonNode summary;
    JsonNode policy;
    try {
      summary = JSON.readTree(Files.readString(summaryFile));
      policy = JSON.readTree((String) run.getAs(AuditRuns.POLICY_JSON));
    } catch (IOException e) {
      throw new AuditException(ErrorCode.IO, "Cannot export run " + runId + ": cannot read its summary "
          + summaryFile + " or its recorded policy: " + e.getMessage(), e);
    }
    List<Snapshot> snapshots = new ArrayList<>();
    for (JsonNode s : summary.path("snapshots")) {
      if (s.path("snapshot_id").isTextual()) {
        snapshots.add(new Snapshot(s.get("snapshot_id").asText(), s.path("captured_at").asText(null),
            s.path("purpose").asText(null), s.path("recipient").asText(null),
            s.path("clearance").path("status").asText(null)));
      }
    }
    Map<String, Long> versions = new TreeMap<>();
    int index = run.fieldIndex(AuditRuns.INPUT_VERSIONS);
    if (!run.isNullAt(index)) {
      run.<String, Object>getJavaMap(index).forEach((table, version) -> versions.put(table, ((Number) version).longValue()));
    }
    return new RunFacts(runId, run.getAs(AuditRuns.ENDED_AT), run.getAs(AuditRuns.POLICY_HASH), policy,
        run.getAs(AuditRuns.CODE_VERSION), versions, longOf(run, AuditRuns.ROWS_READ),
        longOf(run, AuditRuns.ROWS_AUDITED), longOf(run, AuditRuns.ROWS_QUARANTINED),
        longOf(run, AuditRuns.ROWS_DUPLICATE), snapshots, findingsVersion(run));
  }

  /** The version of the findings table the run's own commits produced; null for a run recorded before that. */
  private static Long findingsVersion(Row run) {
    if (!java.util.Arrays.asList(run.schema().fieldNames()).contains(AuditRuns.RESULT_VERSIONS)
        || run.isNullAt(run.fieldIndex(AuditRuns.RESULT_VERSIONS))) {
      return null;
    }
    Object version = run.<String, Object>getJavaMap(run.fieldIndex(AuditRuns.RESULT_VERSIONS)).get(FINDINGS);
    return version == null ? null : ((Number) version).longValue();
  }

  private static long longOf(Row run, String column) {
    Object value = run.getAs(column);
    return value == null ? 0 : ((Number) value).longValue();
  }
}
