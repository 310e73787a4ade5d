package io.trainaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.trainaudit.TestSpark;
import io.trainaudit.tables.Findings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The grouped-sorted digest: the documented recipe, whatever the order and partitioning of the findings. */
class FindingsDigestTest {
  private static final StructType SCHEMA = new StructType()
      .add(Findings.RULE_ID, DataTypes.StringType).add(Findings.SEVERITY, DataTypes.StringType)
      .add(Findings.SNAPSHOT_ID, DataTypes.StringType).add(Findings.RECORD_ID, DataTypes.StringType)
      .add(Findings.REGION_GROUP, DataTypes.StringType).add(Findings.EVIDENCE, DataTypes.StringType);
  private static final List<Row> ROWS = List.of(
      RowFactory.create("UNDER_AGE", "violation", "s1", "r1", "EU", "{\"a\":1}"),
      RowFactory.create("AGE_UNKNOWN", "unverifiable", "s1", "r2", null, "{}"),
      RowFactory.create("DELETED_DATA", "violation", "s|2", "r|3", "US", "{\"b\":null}"));

  @Test
  void theDigestIsTheDocumentedRecipeWhateverTheOrderAndPartitions() throws Exception {
    SparkSession spark = TestSpark.session();
    List<Row> reversed = new ArrayList<>(ROWS);
    java.util.Collections.reverse(reversed);
    Dataset<Row> one = spark.createDataFrame(ROWS, SCHEMA).coalesce(1);
    Dataset<Row> three = spark.createDataFrame(reversed, SCHEMA).repartition(3);

    String expected = recipe(ROWS);
    assertEquals(expected, FindingsDigest.of(one));
    assertEquals(expected, FindingsDigest.of(three));
    assertNotEquals(expected, FindingsDigest.of(spark.createDataFrame(ROWS.subList(0, 2), SCHEMA)));
    assertEquals(recipe(List.of()), FindingsDigest.of(spark.createDataFrame(List.of(), SCHEMA)));
  }

  /** docs/contract.md's recipe, in plain Java. */
  private static String recipe(List<Row> rows) throws Exception {
    java.util.TreeMap<String, List<String>> groups = new java.util.TreeMap<>();
    for (Row r : rows) {
      String id = sha256("%d:%s,%d:%s,%d:%s,".formatted(bytes(r.getString(0)), r.getString(0), bytes(r.getString(2)),
          r.getString(2), bytes(r.getString(3)), r.getString(3)));
      String line = id + "|" + r.getString(1) + "|" + (r.isNullAt(4) ? "null" : r.getString(4)) + "|" + r.getString(5);
      String h = sha256(line);
      groups.computeIfAbsent(h.substring(0, 3), p -> new ArrayList<>()).add(h);
    }
    StringBuilder lines = new StringBuilder();
    groups.forEach((prefix, hashes) -> {
      StringBuilder group = new StringBuilder();
      hashes.stream().sorted().forEach(h -> group.append(h).append('\n'));
      try {
        lines.append(prefix).append(' ').append(hashes.size()).append(' ').append(sha256(group.toString())).append('\n');
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    return sha256(lines.toString());
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
