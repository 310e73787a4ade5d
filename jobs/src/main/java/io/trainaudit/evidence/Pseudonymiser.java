package io.trainaudit.evidence;

import io.trainaudit.Errors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms for identifiers: lowercase hex of HMAC-SHA-256(key, KIND ":" id). The kind
 * ({@code member_id} or {@code record_id}) keeps a member and a record with the same id apart.
 * Without the key a pseudonym cannot be linked back to its id, nor recomputed from a guessed id.
 * Not thread-safe: one instance per writer.
 */
public final class Pseudonymiser {
  /** 256 bits: the full strength of HMAC-SHA-256. */
  public static final int KEY_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;
  private final Mac mac;

  public Pseudonymiser(byte[] key) {
    if (key.length < KEY_BYTES) {
      throw EvidenceErrors.pseudonymKeyTooShort(key.length, KEY_BYTES);
    }
    this.key = key.clone();
    try {
      mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(this.key, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has " + ALGORITHM, e);
    }
  }

  /** A fresh random key, for one export. */
  public static Pseudonymiser fresh() {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return new Pseudonymiser(key);
  }

  /** Reads a key file holding the key as hex digits (surrounding white space ignored). */
  public static Pseudonymiser fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw Errors.io("read the pseudonym key file " + file, e);
    }
    try {
      return new Pseudonymiser(HexFormat.of().parseHex(text));
    } catch (IllegalArgumentException e) {
      throw EvidenceErrors.pseudonymKeyNotHex(file, 2 * KEY_BYTES);
    }
  }

  public String member(String memberId) {
    return pseudonym("member_id", memberId);
  }

  public String record(String recordId) {
    return pseudonym("record_id", recordId);
  }

  /** The key as hex, for the owner-only key file it is kept in: never printed, never written into a package. */
  public String keyHex() {
    return HexFormat.of().formatHex(key);
  }

  private String pseudonym(String kind, String id) {
    if (id == null) {
      return "";
    }
    return HexFormat.of().formatHex(mac.doFinal((kind + ":" + id).getBytes(StandardCharsets.UTF_8)));
  }
}
