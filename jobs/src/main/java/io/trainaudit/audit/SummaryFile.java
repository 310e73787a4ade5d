package io.trainaudit.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.trainaudit.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code summary.json}, one typed document bound by Jackson both ways: the run writes it,
 * the report and the evidence export read it. Its field names are the contract's (snake case);
 * fields a later version added read as null from an older file, and unknown ones are ignored.
 *
 * @param notChecked each rule the run did not check, with why
 * @param findingsByRegionGroup {@code UNKNOWN} for findings without a region group
 * @param snapshots one entry per snapshot read; the rows read without a snapshot id under a null id
 * @param policy the policy as {@code PolicyJson} writes it
 * @param configFile null when the configuration was the defaults
 * @param modelLineage the run's model versions and model impact, or that none is configured
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SummaryFile(
    String runId,
    String startedAt,
    String endedAt,
    RunMode mode,
    Conclusion conclusion,
    Coverage coverage,
    Map<String, Long> quarantinedRowsByTable,
    Map<String, RuleFindings> findingsByRule,
    Map<String, String> notChecked,
    Map<String, Long> findingsBySeverity,
    Map<String, Long> findingsByRegionGroup,
    List<Snapshot> snapshots,
    JsonNode policy,
    String policyHash,
    Map<String, Long> inputVersions,
    String codeVersion,
    String configFile,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode modelLineage) {

  public static final String FILE_NAME = "summary.json";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public SummaryFile {
    quarantinedRowsByTable = orEmpty(quarantinedRowsByTable);
    findingsByRule = orEmpty(findingsByRule);
    notChecked = orEmpty(notChecked);
    findingsBySeverity = orEmpty(findingsBySeverity);
    findingsByRegionGroup = orEmpty(findingsByRegionGroup);
    inputVersions = orEmpty(inputVersions);
    snapshots = snapshots == null ? List.of() : snapshots;
  }

  /** One rule's findings in the run, with the rule's severity and promise. */
  public record RuleFindings(String severity, long count, String description) {}

  /**
   * One snapshot: its coverage and findings, and its link to the pre-training gate.
   *
   * @param capturedAt an ISO instant; null for the rows read without a snapshot id
   * @param clearance absent when the summary was written before clearances were linked
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Snapshot(String snapshotId, String capturedAt, String purpose, String recipient, long rowsRead,
      long rowsAudited, long rowsQuarantined, long rowsDuplicate, long violations, long unverifiable,
      @JsonInclude(JsonInclude.Include.NON_NULL) Clearance clearance) {

    Snapshot withClearance(Clearance link) {
      return new Snapshot(snapshotId, capturedAt, purpose, recipient, rowsRead, rowsAudited, rowsQuarantined,
          rowsDuplicate, violations, unverifiable, link);
    }
  }

  /** The gate's clearance of a snapshot: its status, and the gate run and signed file it refers to. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Clearance(String status, String gateRunId, String clearanceFile) {}

  SummaryFile withSnapshots(List<Snapshot> linked) {
    return new SummaryFile(runId, startedAt, endedAt, mode, conclusion, coverage, quarantinedRowsByTable,
        findingsByRule, notChecked, findingsBySeverity, findingsByRegionGroup, linked, policy, policyHash,
        inputVersions, codeVersion, configFile, modelLineage);
  }

  SummaryFile withModelLineage(JsonNode lineage) {
    return new SummaryFile(runId, startedAt, endedAt, mode, conclusion, coverage, quarantinedRowsByTable,
        findingsByRule, notChecked, findingsBySeverity, findingsByRegionGroup, snapshots, policy, policyHash,
        inputVersions, codeVersion, configFile, lineage);
  }

  /**
   * The summary of {@code runId} under {@code reportsDir}, read to {@code action} the run (report,
   * export); fails naming the action and the path if it is missing or unreadable.
   */
  public static SummaryFile read(Path reportsDir, String runId, String action) {
    Path file = path(reportsDir, runId);
    if (!Files.isRegularFile(file)) {
      throw Errors.summaryMissing(action, runId, file);
    }
    try {
      return JSON.readValue(file.toFile(), SummaryFile.class);
    } catch (IOException e) {
      throw Errors.io("read the run summary " + file, e);
    }
  }

  /** Writes {@code reports/<run id>/summary.json}, replacing any earlier attempt at it in one move. */
  public Path write(Path reportsDir) {
    Path file = path(reportsDir, runId);
    try {
      Files.createDirectories(file.getParent());
      Path partial = file.resolveSibling(FILE_NAME + ".partial");
      JSON.writeValue(partial.toFile(), this);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw Errors.io("write the run summary " + file, e);
    }
  }

  public static Path path(Path reportsDir, String runId) {
    return reportsDir.resolve(runId).resolve(FILE_NAME);
  }

  /** The summary as the JSON tree the file holds. */
  public JsonNode toJson() {
    return JSON.valueToTree(this);
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
