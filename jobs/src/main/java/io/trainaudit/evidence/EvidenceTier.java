package io.trainaudit.evidence;

import java.util.Arrays;
import java.util.List;

/**
 * Who a package is for, which decides what it may hold. docs/evidence.md gives the reasons.
 */
public enum EvidenceTier {
  /**
   * For anyone: the summary (with the AI Act training-content summary) and its aggregate tables,
   * small counts hidden so that no total or margin gives them back; no row-level file.
   */
  PUBLIC("public", List.of(EvidencePackage.SUMMARY_JSON, EvidencePackage.SUMMARY_PDF)),
  /**
   * For the supervisory authority only: the summary with exact counts and the row-level,
   * pseudonymised findings.csv.
   */
  CONFIDENTIAL("confidential", List.of(EvidencePackage.SUMMARY_JSON, EvidencePackage.SUMMARY_PDF,
      EvidencePackage.FINDINGS_CSV));

  private final String value;
  private final List<String> reports;

  EvidenceTier(String value, List<String> reports) {
    this.value = value;
    this.reports = reports;
  }

  /** The tier as the command line and the manifest spell it. */
  public String value() {
    return value;
  }

  /** The report files of a package of this tier, each signed by the attestation. */
  public List<String> reports() {
    return reports;
  }

  /** The tier of a manifest's or the command line's value, or null if there is none. */
  public static EvidenceTier of(String value) {
    return Arrays.stream(values()).filter(t -> t.value.equals(value)).findFirst().orElse(null);
  }

  @Override
  public String toString() {
    return value;
  }
}
