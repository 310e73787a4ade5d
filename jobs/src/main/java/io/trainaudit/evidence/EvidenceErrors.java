package io.trainaudit.evidence;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** The messages evidence export, key handling and trust fail with, built in one place: "Cannot X: reason". */
final class EvidenceErrors {
  private EvidenceErrors() {}

  static AuditException keyFileExists(Path file) {
    return new AuditException(ErrorCode.USAGE, "Cannot create the signing key: " + file
        + " already exists, and a signing key is never overwritten");
  }

  static AuditException signingKeyMissing(Path key, Path config) {
    return new AuditException(ErrorCode.CONFIG, "Cannot sign evidence: the signing key " + key
        + " (export.signing_key) does not exist; create it once with bin/audit keys init --config "
        + (config == null ? "FILE" : config));
  }

  static AuditException publicKeyMissing(Path key, Path publicKey) {
    return new AuditException(ErrorCode.CONFIG, "Cannot sign evidence: the signing key " + key
        + " has no public key beside it (" + publicKey + ")");
  }

  static AuditException keyPairMismatch(Path key, Path publicKey) {
    return new AuditException(ErrorCode.CONFIG, "Cannot sign evidence: the public key " + publicKey
        + " does not match the signing key " + key);
  }

  static AuditException noPseudonymKey(Path config) {
    return new AuditException(ErrorCode.USAGE, "Cannot export the confidential tier: no pseudonym key; set"
        + " export.pseudonym_key_file in " + (config == null ? "the configuration" : config)
        + " to reuse a key, or give --pseudonym-key-out FILE to draw a fresh one into a new owner-only file");
  }

  static AuditException twoPseudonymKeys(Path configured, Path out) {
    return new AuditException(ErrorCode.USAGE, "Cannot export: both export.pseudonym_key_file (" + configured
        + ") and --pseudonym-key-out (" + out + ") name a pseudonym key; give one");
  }

  static AuditException pseudonymKeyForPublicTier() {
    return new AuditException(ErrorCode.USAGE,
        "Cannot export the public tier with --pseudonym-key-out: a public package holds no pseudonyms");
  }

  static AuditException pseudonymKeyFileExists(Path file) {
    return new AuditException(ErrorCode.USAGE, "Cannot write the pseudonym key " + file
        + ": the file already exists; name a new file");
  }

  static AuditException trustFileLine(Path file, int line, String text) {
    return new AuditException(ErrorCode.USAGE, "Cannot read the trust file " + file + ": line " + line + " is '"
        + text + "', expected " + SigningKeys.FINGERPRINT_PREFIX + " and 64 hex digits");
  }

  static AuditException previousNotSigned(Path previous, Path key) {
    return new AuditException(ErrorCode.USAGE, "Cannot export: the previous package " + previous
        + " is not a package signed by the signing key " + key);
  }

  static AuditException policyUnreadable(String runId, IOException cause) {
    return new AuditException(ErrorCode.IO, "Cannot export run " + runId + ": cannot read its recorded policy: "
        + cause.getMessage(), cause);
  }

  static AuditException noFindingsVersion(String runId, String findings, Object endedAt) {
    return new AuditException(ErrorCode.IO, "Cannot export run " + runId + ": the findings table " + findings
        + " has no version written by the run's end " + endedAt);
  }

  static AuditException noRegionGroup(Set<String> known) {
    return new AuditException(ErrorCode.USAGE, "Cannot export: no region group given; expected some of " + known);
  }

  static AuditException unknownRegionGroup(String group, Set<String> known, String runId) {
    return new AuditException(ErrorCode.USAGE, "Cannot export: unknown region group '" + group + "'; expected one of "
        + known + " (as run " + runId + "'s policy defines them)");
  }

  static AuditException outputNotEmpty(Path out) {
    return new AuditException(ErrorCode.USAGE, "Cannot export: " + out + " is not empty");
  }

  static AuditException notASigningKey(Path file, Exception cause) {
    return new AuditException(ErrorCode.CONFIG, "Cannot read the signing key " + file
        + ": not an Ed25519 private key in PKCS#8 PEM (" + cause.getMessage() + ")", cause);
  }

  static AuditException notAPublicKey(Path file, Exception cause) {
    return new AuditException(ErrorCode.USAGE, "Cannot read the public key " + file
        + ": not an Ed25519 public key in PEM (" + cause.getMessage() + ")", cause);
  }

  static AuditException pseudonymKeyTooShort(int bytes, int needed) {
    return new AuditException(ErrorCode.USAGE, "Cannot pseudonymise: the key has " + bytes + " bytes, at least "
        + needed + " are needed");
  }

  static AuditException pseudonymKeyNotHex(Path file, int digits) {
    return new AuditException(ErrorCode.CONFIG, "Cannot read the pseudonym key file " + file + ": expected at least "
        + digits + " hex digits");
  }
}
