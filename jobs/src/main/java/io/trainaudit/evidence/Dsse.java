package io.trainaudit.evidence;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * The Dead Simple Signing Envelope's signing input (v1): what is signed is never the bare payload
 * but {@code "DSSEv1" SP LEN(type) SP type SP LEN(payload) SP payload}, lengths as ASCII decimal
 * byte counts, so that a signature cannot be replayed under another payload type.
 */
public final class Dsse {
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";

  private Dsse() {}

  /** The Pre-Authentication Encoding of a payload. */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  public static byte[] sign(PrivateKey key, String payloadType, byte[] payload) {
    try {
      Signature signature = Signature.getInstance(SigningKeys.ALGORITHM);
      signature.initSign(key);
      signature.update(pae(payloadType, payload));
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** True only if the signature is valid for this payload and type under the key. */
  public static boolean verify(PublicKey key, String payloadType, byte[] payload, byte[] signatureBytes) {
    try {
      Signature signature = Signature.getInstance(SigningKeys.ALGORITHM);
      signature.initVerify(key);
      signature.update(pae(payloadType, payload));
      return signature.verify(signatureBytes);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
