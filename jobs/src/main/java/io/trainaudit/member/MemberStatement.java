package io.trainaudit.member;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the auditor can tell one member: the plain answer first, then the facts it rests on: the
 * member's consent history per channel, each of the member's records used in each snapshot with
 * the member's age and region at capture and the findings it carries, and the model versions
 * trained on those snapshots.
 *
 * @param memberId the member
 * @param askedAs how the question named the member: {@code member_id}, or {@code pseudonym P}
 * @param answer one line in plain words
 * @param runId the audit run whose open findings are quoted
 * @param inputVersions the Delta version of each input table read
 * @param birthDate null: unknown
 * @param closedAt null: the account is open
 * @param consent each channel's events, oldest first
 * @param rows every training row of the member's records, by capture, snapshot and record
 * @param models every model version trained on a snapshot holding one of those rows
 * @param lineageConfigured false when no model_trainings table is configured
 */
public record MemberStatement(String memberId, String askedAs, String answer, String runId,
    Map<String, Long> inputVersions, LocalDate birthDate, Instant closedAt, Map<String, List<ConsentEvent>> consent,
    List<UsedRow> rows, List<ModelUse> models, boolean lineageConfigured) {

  public MemberStatement {
    Objects.requireNonNull(memberId, "memberId");
    Objects.requireNonNull(answer, "answer");
    inputVersions = Map.copyOf(inputVersions);
    consent = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(consent));
    rows = List.copyOf(rows);
    models = List.copyOf(models);
  }

  /** One consent choice. */
  public record ConsentEvent(Instant eventTime, boolean optedOut, String source) {}

  /** One finding on a row, in plain words. */
  public record FindingFact(String ruleId, String severity, String words) {}

  /**
   * One of the member's records as one snapshot used it.
   *
   * @param ageAtCapture whole years at capture; null when the birth date is unknown
   * @param countryCode the member's country at capture; null: none on record
   * @param regionGroup its region group; null: none on record
   * @param modelVersions the model versions trained on the snapshot
   */
  public record UsedRow(String snapshotId, Instant capturedAt, String purpose, String recipient, String recordId,
      String recordType, Integer ageAtCapture, String countryCode, String regionGroup, List<FindingFact> findings,
      List<String> modelVersions) {
    public UsedRow {
      findings = List.copyOf(findings);
      modelVersions = List.copyOf(modelVersions);
    }

    public boolean violates() {
      return findings.stream().anyMatch(f -> f.severity().equals("violation"));
    }
  }

  /**
   * A model version trained on some of the member's rows.
   *
   * @param releasedAt null: never released
   * @param records the member's distinct records among its training rows
   * @param recordsBreakingAPromise of those, the records with a violation in a snapshot it was trained on
   */
  public record ModelUse(String name, Instant trainedAt, Instant releasedAt, long records,
      long recordsBreakingAPromise) {}
}
