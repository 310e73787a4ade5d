package io.trainaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainaudit.AuditException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The building blocks of evidence packages, against values computed independently (openssl, the DSSE spec). */
class EvidencePrimitivesTest {
  private static final String KEY_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

  @Test
  void pseudonymsAreHmacSha256OfKindAndIdAsOpensslComputesThem() {
    // printf 'member_id:m-000001' | openssl dgst -sha256 -mac HMAC -macopt hexkey:KEY_HEX
    Pseudonymiser p = new Pseudonymiser(HexFormat.of().parseHex(KEY_HEX));
    assertEquals("9a8d1b5b5d8ef82d8adb987169d1ae9b33b685b6b0134b020b2cbc927562fe33", p.member("m-000001"));
    assertEquals("ff698fec88d249d87c2530ac23c15baf42e74bbf98d92d61d02482353623b08b", p.record("m-000001"));
    assertEquals(KEY_HEX, p.keyHex());
  }

  @Test
  void aFreshKeyGivesOtherPseudonymsAndAShortKeyIsRefused() {
    assertFalse(Pseudonymiser.fresh().member("m-000001").equals(Pseudonymiser.fresh().member("m-000001")));
    AuditException e = assertThrows(AuditException.class, () -> new Pseudonymiser(new byte[16]));
    assertEquals("Cannot pseudonymise: the key has 16 bytes, at least 32 are needed", e.getMessage());
  }

  @Test
  void aKeyFileHoldsHexDigits(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("k.hex"), "  " + KEY_HEX + "\n");
    assertEquals("9a8d1b5b5d8ef82d8adb987169d1ae9b33b685b6b0134b020b2cbc927562fe33",
        Pseudonymiser.fromFile(file).member("m-000001"));
    Path bad = Files.writeString(dir.resolve("bad.hex"), "not hex");
    AuditException e = assertThrows(AuditException.class, () -> Pseudonymiser.fromFile(bad));
    assertEquals("Cannot read the pseudonym key file " + bad + ": expected at least 64 hex digits", e.getMessage());
  }

  @Test
  void paeFollowsTheDsseSpecification() {
    // The example of the DSSE v1 protocol document.
    assertArrayEquals("DSSEv1 29 http://example.com/HelloWorld 11 hello world".getBytes(StandardCharsets.US_ASCII),
        Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.US_ASCII)));
    assertArrayEquals("DSSEv1 28 application/vnd.in-toto+json 0 ".getBytes(StandardCharsets.US_ASCII),
        Dsse.pae(Dsse.PAYLOAD_TYPE, new byte[0]));
  }

  @Test
  void aSignatureVerifiesOnlyForItsPayloadTypeAndKey(@TempDir Path dir) {
    KeyPair pair = SigningKeys.create(dir.resolve("keys/sign.pem"));
    byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
    byte[] sig = Dsse.sign(pair.getPrivate(), Dsse.PAYLOAD_TYPE, payload);
    assertTrue(Dsse.verify(pair.getPublic(), Dsse.PAYLOAD_TYPE, payload, sig));
    assertFalse(Dsse.verify(pair.getPublic(), "text/plain", payload, sig));
    assertFalse(Dsse.verify(pair.getPublic(), Dsse.PAYLOAD_TYPE, "{ }".getBytes(StandardCharsets.UTF_8), sig));
    KeyPair other = SigningKeys.create(dir.resolve("other.pem"));
    assertFalse(Dsse.verify(other.getPublic(), Dsse.PAYLOAD_TYPE, payload, sig));

    KeyPair reread = SigningKeys.load(dir.resolve("keys/sign.pem"), null);
    assertArrayEquals(pair.getPublic().getEncoded(), reread.getPublic().getEncoded());
    assertArrayEquals(pair.getPublic().getEncoded(),
        SigningKeys.readPublic(dir.resolve("keys/sign.pub.pem")).getEncoded());
    assertEquals(dir.resolve("keys/sign.pub.pem"), SigningKeys.publicKeyFile(dir.resolve("keys/sign.pem")));
  }

  @Test
  void agesFallIntoBands() {
    assertEquals("unknown", AgeBand.of(null));
    assertEquals("unknown", AgeBand.of(-1));
    assertEquals("under 13", AgeBand.of(0));
    assertEquals("under 13", AgeBand.of(12));
    assertEquals("13-15", AgeBand.of(13));
    assertEquals("13-15", AgeBand.of(15));
    assertEquals("16-17", AgeBand.of(16));
    assertEquals("16-17", AgeBand.of(17));
    assertEquals("18-24", AgeBand.of(18));
    assertEquals("18-24", AgeBand.of(24));
    assertEquals("25-34", AgeBand.of(25));
    assertEquals("25-34", AgeBand.of(34));
    assertEquals("35-44", AgeBand.of(35));
    assertEquals("55-64", AgeBand.of(64));
    assertEquals("65 and over", AgeBand.of(65));
    assertEquals("65 and over", AgeBand.of(120));
    assertEquals(List.of("under 13", "13-15", "16-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65 and over",
        "unknown"), AgeBand.ALL);
  }
}
