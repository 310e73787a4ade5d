package io.trainaudit.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * attestation.json: an in-toto Statement v1 whose subjects are the manifest and the report files,
 * wrapped in a DSSE envelope signed with Ed25519. The statement is the envelope's base64 payload,
 * so the signed bytes are exactly the bytes a verifier decodes.
 */
public final class Attestation {
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  public static final String PREDICATE_TYPE = "https://trainaudit.dev/evidence/v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Attestation() {}

  /** One signed subject: a file name and its SHA-256. */
  public record Subject(String name, String sha256) {}

  /** The parts of a DSSE envelope a verifier needs. */
  public record Envelope(String payloadType, byte[] payload, String keyId, byte[] signature) {}

  /** The statement's bytes: compact JSON, one object per subject. */
  public static byte[] statement(List<Subject> subjects, Map<String, Object> predicate) {
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("_type", STATEMENT_TYPE);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Subject s : subjects) {
      Map<String, Object> subject = new LinkedHashMap<>();
      subject.put("name", s.name());
      subject.put("digest", Map.of("sha256", s.sha256()));
      list.add(subject);
    }
    statement.put("subject", list);
    statement.put("predicateType", PREDICATE_TYPE);
    statement.put("predicate", predicate);
    return write(statement);
  }

  /** The signed envelope around a statement. */
  public static byte[] envelope(byte[] statement, PrivateKey key, PublicKey publicKey) {
    byte[] signature = Dsse.sign(key, Dsse.PAYLOAD_TYPE, statement);
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("payloadType", Dsse.PAYLOAD_TYPE);
    envelope.put("payload", Base64.getEncoder().encodeToString(statement));
    Map<String, Object> signed = new LinkedHashMap<>();
    signed.put("keyid", SigningKeys.keyId(publicKey));
    signed.put("sig", Base64.getEncoder().encodeToString(signature));
    envelope.put("signatures", List.of(signed));
    return write(envelope);
  }

  /** Reads an envelope with exactly one signature; throws {@link IOException} naming what is malformed. */
  public static Envelope readEnvelope(byte[] json) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !root.path("payloadType").isTextual() || !root.path("payload").isTextual()
        || root.path("signatures").size() != 1 || !root.path("signatures").get(0).path("sig").isTextual()) {
      throw new IOException("expected payloadType, payload and one signature");
    }
    JsonNode signature = root.path("signatures").get(0);
    try {
      return new Envelope(root.get("payloadType").asText(), Base64.getDecoder().decode(root.get("payload").asText()),
          signature.path("keyid").asText(null), Base64.getDecoder().decode(signature.get("sig").asText()));
    } catch (IllegalArgumentException e) {
      throw new IOException("payload or signature is not base64", e);
    }
  }

  /** The subjects of a statement, by file name. */
  public static Map<String, String> subjects(byte[] statement) throws IOException {
    JsonNode root = JSON.readTree(statement);
    if (root == null || !STATEMENT_TYPE.equals(root.path("_type").asText())
        || !PREDICATE_TYPE.equals(root.path("predicateType").asText())) {
      throw new IOException("not an in-toto " + STATEMENT_TYPE + " statement of type " + PREDICATE_TYPE);
    }
    Map<String, String> subjects = new LinkedHashMap<>();
    for (JsonNode s : root.path("subject")) {
      subjects.put(s.path("name").asText(), s.path("digest").path("sha256").asText());
    }
    return subjects;
  }

  private static byte[] write(Object value) {
    try {
      return (JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a statement of strings always serialises", e);
    }
  }
}
