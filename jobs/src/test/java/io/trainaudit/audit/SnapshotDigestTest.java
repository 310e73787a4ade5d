package io.trainaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.InputFixture;
import io.trainaudit.TestSpark;
import io.trainaudit.tables.InputTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows digest a clearance signs: computed on the executors, equal to an independent
 * implementation of its definition, to the Python and SQL recipes of docs/gate.md run as written,
 * blind to order and sensitive to duplicates, removals and any changed value.
 */
class SnapshotDigestTest {
  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final Path DOC = Path.of("..", "docs", "gate.md");

  private final SparkSession spark = TestSpark.session();

  /** Two snapshots with a duplicate, nulls, non-Latin text, a comma and a tilde, and a fraction of a second. */
  private static List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {"s1", "2026-06-01T00:00:00Z", "generative", "internal", "r1", "m1"});
    rows.add(new Object[] {"s1", "2026-06-01T00:00:00Z", "generative", "internal", "r1", "m1"});
    rows.add(new Object[] {"s1", "2026-06-01T00:00:00.123456Z", "generative", "parent,co", "\u8a18\u9332-2", "~"});
    rows.add(new Object[] {"s1", null, "research", "internal", null, "m3"});
    rows.add(new Object[] {"s\u00e9/2", "2025-12-31T23:59:59.5Z", "non_generative", "internal", "r9", "m9"});
    for (int i = 0; i < 40; i++) {
      rows.add(new Object[] {"s1", "2026-06-01T00:00:00Z", "generative", "internal", "bulk-" + i, "m" + (i % 7)});
    }
    return rows;
  }

  private Dataset<Row> frame(List<Object[]> rows) {
    List<Row> list = rows.stream().map(r -> RowFactory.create(r[0], InputFixture.ts((String) r[1]), r[2], r[3], r[4],
        r[5])).toList();
    return spark.createDataFrame(list, InputFixture.nullableSchema(InputTable.TRAINING_SNAPSHOTS));
  }

  @Test
  void theExecutorsComputeTheDefinitionWhateverTheOrder() {
    Map<String, SnapshotDigest.Digest> digests = SnapshotDigest.bySnapshot(frame(rows()).repartition(3));
    assertEquals(reference(rows()), asStrings(digests));
    List<Object[]> reversed = new ArrayList<>(rows());
    java.util.Collections.reverse(reversed);
    assertEquals(asStrings(digests), asStrings(SnapshotDigest.bySnapshot(frame(reversed).coalesce(1))));
    assertEquals(44, digests.get("s1").rows());
  }

  @Test
  void aDuplicateARemovalOrOneChangedValueChangesTheDigest() {
    String original = SnapshotDigest.bySnapshot(frame(rows())).get("s1").sha256();
    List<Object[]> duplicated = new ArrayList<>(rows());
    duplicated.add(rows().get(2));
    List<Object[]> removed = new ArrayList<>(rows());
    removed.remove(0);
    List<Object[]> altered = new ArrayList<>(rows());
    altered.set(5, new Object[] {"s1", "2026-06-01T00:00:00Z", "generative", "internal", "bulk-0", "m1"});
    List<Object[]> later = new ArrayList<>(rows());
    later.set(5, new Object[] {"s1", "2026-06-01T00:00:00.000001Z", "generative", "internal", "bulk-0", "m0"});
    for (List<Object[]> changed : List.of(duplicated, removed, altered, later)) {
      assertNotEquals(original, SnapshotDigest.bySnapshot(frame(changed)).get("s1").sha256());
    }
  }

  @Test
  void aRowIsEncodedAsTheDocumentSays() throws Exception {
    String encoding = "2:s1,27:2026-06-01T00:00:00.000000Z,10:generative,8:internal,2:r1,2:m1,";
    assertTrue(Files.readString(DOC).contains("`" + encoding + "`"), "docs/gate.md shows the encoding");
    Row row = frame(List.<Object[]>of(new Object[] {"s1", "2026-06-01T00:00:00Z", "generative", "internal", "r1", "m1"}))
        .select(SnapshotDigest.rowDigest()).first();
    assertEquals(sha256(encoding), row.getString(0));
  }

  @Test
  void theDocumentedSqlGivesTheSameDigests() throws Exception {
    frame(rows()).createOrReplaceTempView("training_snapshots");
    Map<String, String> sql = new TreeMap<>();
    spark.sql(block("The same in Spark SQL", "```sql\n")).collectAsList()
        .forEach(r -> sql.put(r.getString(0), r.getLong(1) + " " + r.getString(2)));
    assertEquals(reference(rows()), sql);
  }

  @Test
  void theDocumentedPythonGivesTheSameDigests(@TempDir Path dir) throws Exception {
    // Outside CI a machine without python3 skips this test; CI has it (Debian's jupyter-nbconvert brings it).
    Path python = Path.of("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python) || "true".equals(System.getenv("CI")), "python3 is not installed");
    Path script = Files.writeString(dir.resolve("recipe.py"), block("Reference recipe in Python", "```python\n") + String.join("\n",
        "",
        "import json, sys",
        "by_snapshot = {}",
        "for line in sys.stdin:",
        "    row = json.loads(line)",
        "    by_snapshot.setdefault(row[0], []).append(tuple(row))",
        "for snapshot, rows in sorted(by_snapshot.items()):",
        "    digest, n = rows_digest(rows)",
        "    print(json.dumps([snapshot, n, digest]))",
        ""));
    ObjectMapper json = new ObjectMapper();
    StringBuilder input = new StringBuilder();
    for (Object[] row : rows()) {
      Object[] encoded = row.clone();
      encoded[1] = row[1] == null ? null : INSTANT.format(Instant.parse((String) row[1]));
      input.append(json.writeValueAsString(encoded)).append('\n');
    }
    Process process = new ProcessBuilder(python.toString(), script.toString()).redirectErrorStream(true).start();
    process.getOutputStream().write(input.toString().getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
    Map<String, String> fromPython = new TreeMap<>();
    for (String line : output.strip().split("\n")) {
      List<?> parsed = json.readValue(line, List.class);
      fromPython.put((String) parsed.get(0), parsed.get(1) + " " + parsed.get(2));
    }
    assertEquals(reference(rows()), fromPython);
  }

  /** The definition, written again in plain Java: "rows digest" per snapshot. */
  static Map<String, String> reference(List<Object[]> rows) {
    Map<String, Map<String, List<String>>> groups = new TreeMap<>();
    for (Object[] row : rows) {
      StringBuilder encoding = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String value = i == 1 && row[i] != null ? INSTANT.format(Instant.parse((String) row[i])) : (String) row[i];
        encoding.append(value == null ? "~"
            : value.getBytes(StandardCharsets.UTF_8).length + ":" + value + ",");
      }
      String h = sha256(encoding.toString());
      groups.computeIfAbsent((String) row[0], k -> new TreeMap<>())
          .computeIfAbsent(h.substring(0, 3), k -> new ArrayList<>()).add(h);
    }
    Map<String, String> digests = new TreeMap<>();
    groups.forEach((snapshot, byPrefix) -> {
      StringBuilder document = new StringBuilder();
      long[] rowCount = {0};
      byPrefix.forEach((prefix, hashes) -> {
        String[] sorted = hashes.toArray(String[]::new);
        Arrays.sort(sorted);
        StringBuilder group = new StringBuilder();
        for (String h : sorted) {
          group.append(h).append('\n');
        }
        document.append(prefix).append(' ').append(sorted.length).append(' ').append(sha256(group.toString()))
            .append('\n');
        rowCount[0] += sorted.length;
      });
      digests.put(snapshot, rowCount[0] + " " + sha256(document.toString()));
    });
    return digests;
  }

  private static Map<String, String> asStrings(Map<String, SnapshotDigest.Digest> digests) {
    Map<String, String> map = new TreeMap<>();
    digests.forEach((id, d) -> map.put(id, d.rows() + " " + d.sha256()));
    return map;
  }

  /** The first fenced block of docs/gate.md after {@code anchor} that opens with {@code fence}. */
  private static String block(String anchor, String fence) throws Exception {
    String doc = Files.readString(DOC);
    int start = doc.indexOf(fence, doc.indexOf(anchor));
    assertTrue(start >= 0, "no " + fence.strip() + " block in " + DOC);
    int end = doc.indexOf("```\n", start + fence.length());
    return doc.substring(start + fence.length(), end);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
