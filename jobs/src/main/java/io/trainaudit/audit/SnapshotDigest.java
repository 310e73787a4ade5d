package io.trainaudit.audit;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;

import io.trainaudit.tables.TrainingSnapshots;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The order-independent digest of a snapshot's training rows, which a clearance signs and the
 * nightly audit recomputes (docs/gate.md gives the recipe to recompute it without this tool):
 * <ol>
 *   <li>each row is encoded as the netstrings {@code <byte length>:<value>,} of its six contract
 *       columns in the contract's order, a null as {@code ~}, captured_at written
 *       {@code yyyy-MM-ddTHH:mm:ss.ffffffZ} in UTC; its digest {@code h} is the hex SHA-256 of that;
 *   <li>the row digests are grouped by their first {@value #BUCKET_DIGITS} hex digits; a group's
 *       digest is the hex SHA-256 of its row digests, sorted, each followed by a line feed;
 *   <li>the snapshot's digest is the hex SHA-256 of one line per group, in the groups' order:
 *       {@code <prefix> <rows in the group> <group digest>} and a line feed.
 * </ol>
 * Sorting, not adding, makes it independent of order: a duplicate row changes it, and so does
 * any added, removed or altered row, with SHA-256's collision resistance. The groups spread the
 * sort over the executors; only one row per snapshot reaches the driver.
 */
public final class SnapshotDigest {
  /** How many leading hex digits of a row digest name its group: at most 4,096 groups per snapshot. */
  public static final int BUCKET_DIGITS = 3;
  /** How a null value is encoded: never the start of a netstring, which is a digit. */
  public static final String NULL = "~";
  /** captured_at as the encoding writes it, in the session's time zone, which is always UTC. */
  public static final String INSTANT_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'";

  private static final String ROW = "_row_digest";
  private static final String BUCKET = "_bucket";
  private static final String ROWS = "_rows";
  private static final String GROUP = "_group_digest";
  private static final String DIGEST = "_digest";

  private SnapshotDigest() {}

  /**
   * A snapshot's digest and the number of rows it covers.
   *
   * @param sha256 lowercase hex
   */
  public record Digest(String snapshotId, long rows, String sha256) {
    public Digest {
      Objects.requireNonNull(snapshotId, "snapshotId");
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /**
   * The digest of every snapshot among {@code rows}: training rows with the contract's six columns
   * in their canonical types (as {@code ValidatedTable.checkedRows()} gives them, valid or not).
   * Rows without a snapshot id belong to no snapshot and are left out.
   */
  public static Map<String, Digest> bySnapshot(Dataset<Row> rows) {
    Column line = concat(col(BUCKET), lit(" "), col(ROWS).cast("string"), lit(" "), col(GROUP), lit("\n"));
    Map<String, Digest> digests = new LinkedHashMap<>();
    rows.where(col(TrainingSnapshots.SNAPSHOT_ID).isNotNull())
        .select(col(TrainingSnapshots.SNAPSHOT_ID), rowDigest().as(ROW))
        .groupBy(col(TrainingSnapshots.SNAPSHOT_ID), substring(col(ROW), 1, BUCKET_DIGITS).as(BUCKET))
        .agg(count(lit(1)).as(ROWS), sortedDigest(concat(col(ROW), lit("\n"))).as(GROUP))
        .groupBy(col(TrainingSnapshots.SNAPSHOT_ID))
        .agg(sum(col(ROWS)).as(ROWS), sortedDigest(line).as(DIGEST))
        .collectAsList()
        .forEach(r -> digests.put(r.getString(0), new Digest(r.getString(0), r.getLong(1), r.getString(2))));
    return digests;
  }

  /** The hex SHA-256 of a row's encoding, as a column over the six canonical columns. */
  public static Column rowDigest() {
    return sha2(concat(
        field(col(TrainingSnapshots.SNAPSHOT_ID)),
        field(date_format(col(TrainingSnapshots.CAPTURED_AT), INSTANT_FORMAT)),
        field(col(TrainingSnapshots.PURPOSE)),
        field(col(TrainingSnapshots.RECIPIENT)),
        field(col(TrainingSnapshots.RECORD_ID)),
        field(col(TrainingSnapshots.MEMBER_ID))), 256);
  }

  /** SHA-256 of the group's lines, sorted, concatenated; lines of hex digits and spaces sort alike in any locale. */
  private static Column sortedDigest(Column line) {
    return sha2(concat_ws("", array_sort(collect_list(line))), 256);
  }

  private static Column field(Column value) {
    return coalesce(concat(octet_length(value).cast("string"), lit(":"), value, lit(",")), lit(NULL));
  }
}
