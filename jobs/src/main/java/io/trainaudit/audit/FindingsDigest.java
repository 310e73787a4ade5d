package io.trainaudit.audit;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.tables.Findings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The digest of a run's result: SHA-256 over its findings sorted by finding_id, one line each of
 * the hex SHA-256 of {@code finding_id|severity|region_group|evidence}. Equal digests mean the
 * same findings with the same evidence. The executors hash each finding; only the sorted hashes
 * stream to the driver, one partition at a time, so memory stays bounded.
 */
public final class FindingsDigest {
  private FindingsDigest() {}

  public static String of(Dataset<Row> findings) {
    return of(findings, FindingIdScheme.ID_SCHEME);
  }

  /**
   * The digest with finding ids under a recorded scheme, so that a run recorded before netstring
   * ids reproduces against its own digest.
   */
  public static String of(Dataset<Row> findings, String idScheme) {
    MessageDigest digest = sha256();
    Column id = FindingIdScheme.findingId(idScheme, col(Findings.RULE_ID), col(Findings.SNAPSHOT_ID),
        col(Findings.RECORD_ID));
    Column line = concat_ws("|", id, col(Findings.SEVERITY),
        coalesce(col(Findings.REGION_GROUP), lit("null")), coalesce(col(Findings.EVIDENCE), lit("null")));
    Iterator<Row> hashes =
        findings.select(id.as(Findings.FINDING_ID), sha2(line, 256).as("hash"))
            .sort(Findings.FINDING_ID)
            .select("hash")
            .toLocalIterator();
    while (hashes.hasNext()) {
      digest.update((hashes.next().getString(0) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AuditException(ErrorCode.INTERNAL, "Cannot digest findings: no SHA-256", e);
    }
  }
}
