package io.trainaudit.audit;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.sha2;

import org.apache.spark.sql.Column;

/**
 * Finding ids as Spark columns, under this code's scheme and under the first one: for migrating a
 * findings table in place and for reproducing runs recorded under either. The rules pass computes
 * the same ids in Java ({@link FindingIds}).
 */
public final class FindingIdScheme {
  /** The finding-id scheme of this code, recorded with every run. */
  public static final String ID_SCHEME = "netstring";

  private FindingIdScheme() {}

  /**
   * Lowercase hex SHA-256 of {@code ns(rule_id) ns(snapshot_id) ns(record_id)}, where {@code ns(s)}
   * is the netstring {@code <byte length of s>:<s>,}: stable across runs, and no two distinct
   * triples share an id whatever characters the ids hold.
   */
  public static Column findingId(Column ruleId, Column snapshotId, Column recordId) {
    return sha2(concat(netstring(ruleId), netstring(snapshotId), netstring(recordId)), 256);
  }

  /**
   * The id under the first scheme, {@code rule_id|snapshot_id|record_id}, which let a {@code |}
   * inside an id make two findings one: kept only to compare with runs recorded under it.
   */
  static Column legacyFindingId(Column ruleId, Column snapshotId, Column recordId) {
    return sha2(concat_ws("|", ruleId, snapshotId, recordId), 256);
  }

  /** The id of a finding under a recorded scheme: {@link #ID_SCHEME}, or null for the first one. */
  static Column findingId(String scheme, Column ruleId, Column snapshotId, Column recordId) {
    return ID_SCHEME.equals(scheme) ? findingId(ruleId, snapshotId, recordId)
        : legacyFindingId(ruleId, snapshotId, recordId);
  }

  private static Column netstring(Column value) {
    return concat(octet_length(value).cast("string"), lit(":"), value, lit(","));
  }
}
