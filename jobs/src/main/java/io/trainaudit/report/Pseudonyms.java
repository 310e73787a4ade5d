package io.trainaudit.report;

import io.trainaudit.Errors;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a report shows member ids: by default as a pseudonym, the first 12 hex characters of
 * HMAC-SHA-256 of the id under a key drawn for one report and never stored, so that the same member
 * reads the same within a report but cannot be looked up from it; or raw, when asked for.
 */
public final class Pseudonyms {
  static final int LENGTH = 12;
  private static final String ALGORITHM = "HmacSHA256";
  private static final String UNKNOWN = "(none)";

  private final SecretKeySpec key;

  private Pseudonyms(byte[] key) {
    this.key = key == null ? null : new SecretKeySpec(key.clone(), ALGORITHM);
  }

  /** Pseudonyms under a fresh random key. */
  public static Pseudonyms random() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new Pseudonyms(key);
  }

  /** Pseudonyms under a given key (for tests and reproducible output). */
  public static Pseudonyms withKey(byte[] key) {
    if (key == null || key.length == 0) {
      throw new IllegalArgumentException("key must not be empty");
    }
    return new Pseudonyms(key);
  }

  /** Member ids shown as they are. */
  public static Pseudonyms raw() {
    return new Pseudonyms(null);
  }

  public boolean pseudonymises() {
    return key != null;
  }

  /** The member id as the report shows it. */
  public String member(String memberId) {
    if (memberId == null) {
      return UNKNOWN;
    }
    if (key == null) {
      return memberId;
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] digest = mac.doFinal(memberId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, LENGTH);
    } catch (GeneralSecurityException e) {
      throw Errors.noAlgorithm("pseudonymise a member id", e);
    }
  }
}
