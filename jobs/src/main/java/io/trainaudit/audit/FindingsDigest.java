package io.trainaudit.audit;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.tables.Findings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The digest of a run's result: SHA-256 over its findings sorted by finding_id, one line each of
 * {@code finding_id|severity|region_group|evidence}. Equal digests mean the same findings with the
 * same evidence. Rows stream to the driver one partition at a time, so memory stays bounded.
 */
public final class FindingsDigest {
  private FindingsDigest() {}

  public static String of(Dataset<Row> findings) {
    MessageDigest digest = sha256();
    Iterator<Row> rows =
        findings.select(Findings.FINDING_ID, Findings.SEVERITY, Findings.REGION_GROUP, Findings.EVIDENCE)
            .sort(Findings.FINDING_ID)
            .toLocalIterator();
    while (rows.hasNext()) {
      Row row = rows.next();
      String line = row.getString(0) + "|" + row.getString(1) + "|" + row.getString(2) + "|" + row.getString(3) + "\n";
      digest.update(line.getBytes(StandardCharsets.UTF_8));
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
