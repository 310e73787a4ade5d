package io.trainaudit.evidence;

/**
 * The files of an evidence package, by name; {@link EvidenceTier} says which reports a package holds.
 * docs/evidence.md describes each.
 */
public final class EvidencePackage {
  public static final String MANIFEST = "manifest.json";
  public static final String ATTESTATION = "attestation.json";
  public static final String SUMMARY_JSON = "summary.json";
  public static final String SUMMARY_PDF = "summary.pdf";
  public static final String FINDINGS_CSV = "findings.csv";
  /** The signer's public key, for convenience; a verifier should use the copy it received out of band. */
  public static final String PUBLIC_KEY = "public-key.pem";

  private EvidencePackage() {}
}
