package io.trainaudit.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.evidence.Attestation;
import io.trainaudit.evidence.SigningKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A clearance: an in-toto Statement v1 in a DSSE envelope signed with the evidence key, saying
 * that one candidate snapshot, whose rows have a given order-independent digest, read against
 * given Delta versions of the inputs, held nothing to exclude when the gate evaluated it. The
 * subject is the snapshot's rows ({@code training_snapshots/<snapshot id>}), its digest the
 * rows' digest ({@code sha256}, docs/gate.md), its annotations the row count and input versions;
 * the predicate holds the counts by rule, the policy hash, the code version, the instant of
 * evaluation and a copy of the signer's public key, which proves nothing by being there.
 */
public final class Clearance {
  public static final String PREDICATE_TYPE = "https://trainaudit.dev/clearance/v1";
  /** The subject's name: this and the snapshot id. */
  public static final String SUBJECT_PREFIX = "training_snapshots/";
  /** How the digest was computed: the recipe of docs/gate.md. */
  public static final String DIGEST_RECIPE = "https://trainaudit.dev/rowset/v1";
  static final String FILE_SUFFIX = ".clearance.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  /** Characters a snapshot id keeps in its folder name; any other byte is written %XX. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.-]");

  private Clearance() {}

  /**
   * What a clearance states, all of it signed.
   *
   * @param rows the candidate's rows the digest covers (every row read, duplicates included)
   * @param rowsDigest the rows' digest, lowercase hex
   * @param inputVersions the Delta version of each input table the gate read
   * @param evaluatedAt the instant the gate pinned the inputs and evaluated them, ISO-8601 UTC
   * @param findingsByRule the candidate's findings per enabled rule (unverifiable ones, when not excluded)
   * @param excludeUnverifiable policy.gate_exclude_unverifiable as applied
   * @param signerPublicKey the signer's public key as PEM: a copy, trusted only once given or pinned
   */
  public record Facts(String snapshotId, long rows, String rowsDigest, Map<String, Long> inputVersions,
      String gateRunId, String evaluatedAt, Map<String, Long> findingsByRule, boolean excludeUnverifiable,
      String policyHash, String codeVersion, String signerPublicKey) {
    public Facts {
      Objects.requireNonNull(snapshotId, "snapshotId");
      Objects.requireNonNull(rowsDigest, "rowsDigest");
      Objects.requireNonNull(gateRunId, "gateRunId");
      inputVersions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputVersions));
      findingsByRule = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(findingsByRule));
    }
  }

  /** The file of a gate run's clearance: {@code <dir>/<snapshot id, %-encoded>/<gate run id>.clearance.json}. */
  public static Path file(Path dir, String snapshotId, String gateRunId) {
    return dir.resolve(folderName(snapshotId)).resolve(gateRunId + FILE_SUFFIX);
  }

  /** A snapshot id as a folder name: letters, digits, {@code _ . -} kept, every other UTF-8 byte as %XX. */
  static String folderName(String snapshotId) {
    StringBuilder name = new StringBuilder();
    for (byte b : snapshotId.getBytes(StandardCharsets.UTF_8)) {
      String c = String.valueOf((char) (b & 0xFF));
      boolean keep = b >= 0 && PLAIN.matcher(c).matches() && !(name.length() == 0 && c.equals("."));
      name.append(keep ? c : String.format(java.util.Locale.ROOT, "%%%02X", b & 0xFF));
    }
    return name.toString();
  }

  /** The signed envelope of a clearance, compact JSON and a line feed. */
  static byte[] signed(Facts facts, KeyPair key) {
    return Attestation.envelope(statement(facts), key.getPrivate(), key.getPublic());
  }

  /** The statement's bytes: compact JSON, the fields in a fixed order. */
  static byte[] statement(Facts facts) {
    Map<String, Object> annotations = new LinkedHashMap<>();
    annotations.put("rows", facts.rows());
    annotations.put("input_versions", facts.inputVersions());
    annotations.put("digest_recipe", DIGEST_RECIPE);
    Map<String, Object> subject = new LinkedHashMap<>();
    subject.put("name", SUBJECT_PREFIX + facts.snapshotId());
    subject.put("digest", Map.of("sha256", facts.rowsDigest()));
    subject.put("annotations", annotations);
    Map<String, Object> predicate = new LinkedHashMap<>();
    predicate.put("gate_run_id", facts.gateRunId());
    predicate.put("snapshot_id", facts.snapshotId());
    predicate.put("evaluated_at", facts.evaluatedAt());
    predicate.put("findings_by_rule", facts.findingsByRule());
    predicate.put("rows_excluded", 0);
    predicate.put("gate_exclude_unverifiable", facts.excludeUnverifiable());
    predicate.put("policy_hash", facts.policyHash());
    predicate.put("code_version", facts.codeVersion());
    predicate.put("signer_public_key", facts.signerPublicKey());
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("_type", Attestation.STATEMENT_TYPE);
    statement.put("subject", List.of(subject));
    statement.put("predicateType", PREDICATE_TYPE);
    statement.put("predicate", predicate);
    try {
      return (JSON.writeValueAsString(statement) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a statement of strings and numbers always serialises", e);
    }
  }

  /** Reads the facts back from a statement's bytes; throws {@link IOException} naming what is not a clearance. */
  static Facts parse(byte[] statement) throws IOException {
    JsonNode root = JSON.readTree(new ByteArrayInputStream(statement));
    if (root == null || !Attestation.STATEMENT_TYPE.equals(root.path("_type").asText())
        || !PREDICATE_TYPE.equals(root.path("predicateType").asText())) {
      throw new IOException("not an in-toto " + Attestation.STATEMENT_TYPE + " statement of type " + PREDICATE_TYPE);
    }
    if (root.path("subject").size() != 1) {
      throw new IOException("expected one subject, the snapshot's rows");
    }
    JsonNode subject = root.path("subject").get(0);
    JsonNode predicate = root.path("predicate");
    String snapshotId = text(predicate, "snapshot_id");
    if (!(SUBJECT_PREFIX + snapshotId).equals(subject.path("name").asText(null))) {
      throw new IOException("the subject " + subject.path("name") + " does not name snapshot " + snapshotId);
    }
    String digest = subject.path("digest").path("sha256").asText("");
    if (!HEX64.matcher(digest).matches()) {
      throw new IOException("the subject has no sha256 digest of 64 lowercase hex digits");
    }
    JsonNode annotations = subject.path("annotations");
    if (!annotations.path("rows").canConvertToLong() || !annotations.path("input_versions").isObject()) {
      throw new IOException("the subject's annotations lack rows or input_versions");
    }
    return new Facts(snapshotId, annotations.path("rows").asLong(), digest, longs(annotations.path("input_versions")),
        text(predicate, "gate_run_id"), text(predicate, "evaluated_at"), longs(predicate.path("findings_by_rule")),
        predicate.path("gate_exclude_unverifiable").asBoolean(true), text(predicate, "policy_hash"),
        text(predicate, "code_version"), text(predicate, "signer_public_key"));
  }

  /** The signer's key a statement carries: a copy, to check the signature with when none is given. */
  static PublicKey carriedKey(Facts facts) throws IOException {
    try {
      return SigningKeys.publicFromPem(facts.signerPublicKey());
    } catch (RuntimeException e) {
      throw new IOException("signer_public_key is not an Ed25519 public key in PEM", e);
    }
  }

  private static String text(JsonNode node, String field) throws IOException {
    if (!node.path(field).isTextual()) {
      throw new IOException("the predicate has no " + field);
    }
    return node.get(field).asText();
  }

  private static Map<String, Long> longs(JsonNode object) throws IOException {
    Map<String, Long> map = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().canConvertToLong()) {
        throw new IOException(e.getKey() + " is not a whole number");
      }
      map.put(e.getKey(), e.getValue().asLong());
    }
    return map;
  }
}
