package io.trainaudit.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * manifest.json: every file of a package with its SHA-256, size and row count, the package's tier,
 * what the evidence was derived from, and the SHA-256 of the previous package's manifest (the hash
 * chain). Written as compact JSON, one object per file, so that {@code grep} and {@code sha256sum}
 * can check it. Manifests of the first format, which had no tier, read as confidential: they held
 * the row-level findings.
 *
 * @param previousManifestSha256 null for the first package of a chain
 */
public record Manifest(
    String format,
    String createdAt,
    String runId,
    List<String> jurisdiction,
    EvidenceTier tier,
    Map<String, Long> inputVersions,
    String policyHash,
    String codeVersion,
    String previousManifestSha256,
    List<Entry> files) {

  public static final String FORMAT = "trainaudit-evidence/2";
  /** The format before tiers. */
  static final String FORMAT_1 = "trainaudit-evidence/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  public Manifest {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(runId, "runId");
    jurisdiction = List.copyOf(jurisdiction);
    Objects.requireNonNull(tier, "tier");
    inputVersions = java.util.Collections.unmodifiableMap(new TreeMap<>(inputVersions));
    files = List.copyOf(files);
  }

  /**
   * One file of the package.
   *
   * @param rows data rows (without the header) for a CSV file, null for a file that is not a table
   */
  public record Entry(String name, String sha256, long size, Long rows) {
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  public byte[] toJson() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("format", format);
    map.put("created_at", createdAt);
    map.put("run_id", runId);
    map.put("jurisdiction", jurisdiction);
    map.put("tier", tier.value());
    map.put("input_versions", inputVersions);
    map.put("policy_hash", policyHash);
    map.put("code_version", codeVersion);
    map.put("previous_manifest_sha256", previousManifestSha256);
    List<Map<String, Object>> entries = new ArrayList<>();
    for (Entry e : files) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", e.name());
      entry.put("sha256", e.sha256());
      entry.put("size", e.size());
      entry.put("rows", e.rows());
      entries.add(entry);
    }
    map.put("files", entries);
    try {
      byte[] json = JSON.writeValueAsBytes(map);
      byte[] withNewline = java.util.Arrays.copyOf(json, json.length + 1);
      withNewline[json.length] = '\n';
      return withNewline;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a manifest of strings and numbers always serialises", e);
    }
  }

  /** Reads a manifest; throws {@link IOException} naming what is malformed. */
  public static Manifest parse(byte[] json) throws IOException {
    JsonNode root = JSON.readTree(json);
    String format = root == null ? null : root.path("format").asText();
    if (root == null || !root.isObject() || !(FORMAT.equals(format) || FORMAT_1.equals(format))) {
      throw new IOException("not a " + FORMAT + " manifest");
    }
    EvidenceTier tier = FORMAT_1.equals(format) ? EvidenceTier.CONFIDENTIAL : EvidenceTier.of(root.path("tier").asText());
    if (tier == null) {
      throw new IOException("unknown tier '" + root.path("tier").asText() + "'");
    }
    List<String> jurisdiction = new ArrayList<>();
    root.path("jurisdiction").forEach(n -> jurisdiction.add(n.asText()));
    Map<String, Long> versions = new TreeMap<>();
    root.path("input_versions").fields().forEachRemaining(f -> versions.put(f.getKey(), f.getValue().asLong()));
    List<Entry> files = new ArrayList<>();
    for (JsonNode f : root.path("files")) {
      if (!f.path("name").isTextual() || !f.path("sha256").isTextual() || !f.path("size").isIntegralNumber()) {
        throw new IOException("a file entry lacks its name, sha256 or size");
      }
      files.add(new Entry(f.get("name").asText(), f.get("sha256").asText(), f.get("size").asLong(),
          f.path("rows").isIntegralNumber() ? f.get("rows").asLong() : null));
    }
    JsonNode previous = root.path("previous_manifest_sha256");
    return new Manifest(format, root.path("created_at").asText(null), root.path("run_id").asText(),
        jurisdiction, tier, versions, root.path("policy_hash").asText(null), root.path("code_version").asText(null),
        previous.isTextual() ? previous.asText() : null, files);
  }
}
