package io.trainaudit.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.evidence.Attestation;
import io.trainaudit.evidence.SigningKeys;
import io.trainaudit.evidence.Trust;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clearance's statement, signature and trust, without Spark: what verifies, and every way it does not. */
class ClearanceTest {
  private static final String DIGEST = "ab".repeat(32);

  @TempDir Path dir;

  private static Clearance.Facts facts(KeyPair key) {
    return new Clearance.Facts("snap/1 \u00e9", 42, DIGEST, Map.of("training_snapshots", 7L), "gate-1",
        "2026-06-01T02:00:00Z", Map.of("AGE_UNKNOWN", 0L), true, "cd".repeat(32), "trainaudit 1.0",
        SigningKeys.publicPem(key.getPublic()));
  }

  private Path signed(String name, KeyPair key, Clearance.Facts facts) throws Exception {
    return Files.write(dir.resolve(name), Clearance.signed(facts, key));
  }

  @Test
  void theStatementIsAnInTotoClearanceOfTheRowsWithTheInputVersions() throws Exception {
    KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    JsonNode envelope = new ObjectMapper().readTree(Clearance.signed(facts(key), key));
    assertEquals("application/vnd.in-toto+json", envelope.path("payloadType").asText());
    assertEquals(SigningKeys.keyId(key.getPublic()), envelope.at("/signatures/0/keyid").asText());
    JsonNode statement = new ObjectMapper().readTree(Base64.getDecoder().decode(envelope.path("payload").asText()));
    assertEquals("{\"name\":\"training_snapshots/snap/1 \u00e9\",\"digest\":{\"sha256\":\"" + DIGEST + "\"},"
        + "\"annotations\":{\"rows\":42,\"input_versions\":{\"training_snapshots\":7},"
        + "\"digest_recipe\":\"https://trainaudit.dev/rowset/v1\"}}", statement.path("subject").get(0).toString());
    assertEquals("https://trainaudit.dev/clearance/v1", statement.path("predicateType").asText());
    assertEquals(List.of("gate_run_id", "snapshot_id", "evaluated_at", "findings_by_rule", "rows_excluded",
        "gate_exclude_unverifiable", "policy_hash", "code_version", "signer_public_key"),
        fieldNames(statement.path("predicate")));
    assertEquals(facts(key), Clearance.parse(Base64.getDecoder().decode(envelope.path("payload").asText())));
  }

  @Test
  void aClearanceVerifiesWithTheGivenOrPinnedKeyAndIsOnlyIntactWithItsOwnCopy() throws Exception {
    KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path file = signed("c.clearance.json", key, facts(key));
    Path publicKey = Files.writeString(dir.resolve("key.pub.pem"), SigningKeys.publicPem(key.getPublic()));
    String fingerprint = SigningKeys.fingerprint(key.getPublic());

    ClearanceVerifier.Verification given = ClearanceVerifier.verify(file, Trust.of(publicKey, null));
    assertEquals(List.of(ClearanceVerifier.Outcome.VERIFIED, fingerprint, "given with --public-key " + publicKey),
        List.of(given.outcome(), given.signer(), given.trustedBy()));
    Path trustFile = Files.writeString(dir.resolve("trusted.txt"), "# controller\n" + fingerprint + "\n");
    ClearanceVerifier.Verification pinned = ClearanceVerifier.verify(file, Trust.of(null, trustFile));
    assertEquals(List.of(ClearanceVerifier.Outcome.VERIFIED, "pinned in " + trustFile),
        List.of(pinned.outcome(), pinned.trustedBy()));
    ClearanceVerifier.Verification unknown = ClearanceVerifier.verify(file, Trust.none());
    assertEquals(List.of(ClearanceVerifier.Outcome.SIGNER_NOT_TRUSTED, fingerprint),
        List.of(unknown.outcome(), unknown.signer()));
  }

  @Test
  void aTamperedOrForeignOrForgedClearanceIsNotVerified() throws Exception {
    KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path publicKey = Files.writeString(dir.resolve("key.pub.pem"), SigningKeys.publicPem(key.getPublic()));
    String envelope = new String(Clearance.signed(facts(key), key), StandardCharsets.UTF_8);
    JsonNode root = new ObjectMapper().readTree(envelope);
    String payload = root.path("payload").asText();
    String statement = new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8);

    Path tampered = Files.writeString(dir.resolve("tampered.json"), envelope.replace(payload, Base64.getEncoder()
        .encodeToString(statement.replace("\"rows\":42", "\"rows\":43").getBytes(StandardCharsets.UTF_8))));
    assertEquals(List.of("the signature does not verify with the public key " + publicKey),
        ClearanceVerifier.verify(tampered, Trust.of(publicKey, null)).problems());
    assertEquals(List.of("the signature does not verify with the signer_public_key the clearance carries"),
        ClearanceVerifier.verify(tampered, Trust.none()).problems());

    String sig = root.at("/signatures/0/sig").asText();
    byte[] flipped = Base64.getDecoder().decode(sig);
    flipped[10] ^= 1;
    Path badSignature = Files.writeString(dir.resolve("bad-signature.json"),
        envelope.replace(sig, Base64.getEncoder().encodeToString(flipped)));
    assertEquals(ClearanceVerifier.Outcome.NOT_VERIFIED,
        ClearanceVerifier.verify(badSignature, Trust.of(publicKey, null)).outcome());

    KeyPair forger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path forged = signed("forged.json", forger, facts(forger));
    assertEquals(List.of("the signature does not verify with the public key " + publicKey),
        ClearanceVerifier.verify(forged, Trust.of(publicKey, null)).problems());
    ClearanceVerifier.Verification selfSigned = ClearanceVerifier.verify(forged, Trust.none());
    assertEquals(List.of(ClearanceVerifier.Outcome.SIGNER_NOT_TRUSTED, SigningKeys.fingerprint(forger.getPublic())),
        List.of(selfSigned.outcome(), selfSigned.signer()));

    byte[] evidence = Attestation.envelope(Attestation.statement(List.of(new Attestation.Subject("manifest.json",
        DIGEST)), Map.of("run_id", "run-1")), key.getPrivate(), key.getPublic());
    assertEquals(List.of("not a clearance: not an in-toto https://in-toto.io/Statement/v1 statement of type"
        + " https://trainaudit.dev/clearance/v1"),
        ClearanceVerifier.verify(Files.write(dir.resolve("evidence.json"), evidence), Trust.of(publicKey, null))
            .problems());
    Path garbage = Files.writeString(dir.resolve("garbage.json"), "not json at all");
    assertTrue(ClearanceVerifier.verify(garbage, Trust.none()).problems().get(0).startsWith("not a DSSE envelope ("));
  }

  @Test
  void aSnapshotIdBecomesAFolderNameThatKeepsPlainCharactersAndEncodesTheRest() {
    assertEquals("snap-2026_06.01", Clearance.folderName("snap-2026_06.01"));
    assertEquals("%2E.%2Fetc%2Fpasswd", Clearance.folderName("../etc/passwd"));
    assertEquals("s%20%C3%A9%2F1", Clearance.folderName("s \u00e9/1"));
    assertEquals(Path.of("/c/%2E./gate-1.clearance.json"), Clearance.file(Path.of("/c"), "..", "gate-1"));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
