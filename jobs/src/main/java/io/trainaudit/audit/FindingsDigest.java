package io.trainaudit.audit;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;

import io.trainaudit.Errors;
import io.trainaudit.tables.Findings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The digest of a run's result, what {@code reproduce} compares. Each finding is hashed on the
 * executors: {@code h} is the hex SHA-256 of {@code finding_id|severity|region_group|evidence}
 * ({@code null} for a missing value). Equal digests mean the same findings with the same evidence.
 *
 * <p>Two schemes, recorded with each run ({@code audit_runs.digest_scheme}):
 * <ul>
 *   <li>{@link #GROUPED} (this code): the hashes are grouped by their first
 *       {@value SnapshotDigest#BUCKET_DIGITS} hex digits; a group's digest is the hex SHA-256 of
 *       its hashes, sorted, each followed by a line feed; the digest is the hex SHA-256 of one line
 *       per group in the groups' order, {@code <prefix> <findings in the group> <group digest>} and
 *       a line feed (the recipe of a clearance's snapshot digest). Sorting, not adding, makes it
 *       independent of order with SHA-256's collision resistance; the groups spread the sort over
 *       the executors, and at most 4,096 lines reach the driver.
 *   <li>sorted (null: runs recorded before it): SHA-256 over the hashes sorted by finding_id, one
 *       per line.
 * </ul>
 */
public final class FindingsDigest {
  /** The digest scheme of this code. */
  public static final String GROUPED = "grouped-sorted";

  private FindingsDigest() {}

  /** The digest of a run of this code. */
  public static String of(Dataset<Row> findings) {
    return of(findings, FindingIdScheme.ID_SCHEME, GROUPED);
  }

  /**
   * The digest under a recorded finding-id scheme and digest scheme, so that a run recorded by an
   * earlier version reproduces against its own digest.
   */
  public static String of(Dataset<Row> findings, String idScheme, String digestScheme) {
    Column id = FindingIdScheme.findingId(idScheme, col(Findings.RULE_ID), col(Findings.SNAPSHOT_ID),
        col(Findings.RECORD_ID));
    Column line = concat_ws("|", id, col(Findings.SEVERITY),
        coalesce(col(Findings.REGION_GROUP), lit("null")), coalesce(col(Findings.EVIDENCE), lit("null")));
    Dataset<Row> hashes = findings.select(id.as(Findings.FINDING_ID), sha2(line, 256).as(HASH));
    return GROUPED.equals(digestScheme) ? grouped(hashes) : sorted(hashes);
  }

  private static final String HASH = "_hash";

  private static String grouped(Dataset<Row> hashes) {
    List<Row> groups = hashes
        .groupBy(substring(col(HASH), 1, SnapshotDigest.BUCKET_DIGITS).as("_prefix"))
        .agg(count(lit(1)), sha2(concat_ws("", array_sort(collect_list(concat(col(HASH), lit("\n"))))), 256))
        .collectAsList();
    MessageDigest digest = sha256();
    groups.stream()
        .sorted(java.util.Comparator.comparing(r -> r.getString(0)))
        .forEach(r -> digest.update((r.getString(0) + " " + r.getLong(1) + " " + r.getString(2) + "\n")
            .getBytes(StandardCharsets.UTF_8)));
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The first scheme: the hashes sorted by finding id stream to the driver, one partition at a time. */
  private static String sorted(Dataset<Row> hashes) {
    MessageDigest digest = sha256();
    Iterator<Row> sortedHashes = hashes.sort(Findings.FINDING_ID).select(HASH).toLocalIterator();
    while (sortedHashes.hasNext()) {
      digest.update((sortedHashes.next().getString(0) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw Errors.noAlgorithm("digest findings", e);
    }
  }
}
