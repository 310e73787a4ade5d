package io.trainaudit.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Finding ids as the contract defines them: the lowercase hex SHA-256 of the UTF-8 bytes of
 * {@code ns(rule_id) ns(snapshot_id) ns(record_id)}, each a netstring {@code <byte length>:<s>,}.
 * One instance per task: it holds a digest.
 */
final class FindingIds {
  private final MessageDigest sha256;
  private final StringBuilder text = new StringBuilder();

  FindingIds() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  String of(String ruleId, String snapshotId, String recordId) {
    text.setLength(0);
    netstring(ruleId);
    netstring(snapshotId);
    netstring(recordId);
    return HexFormat.of().formatHex(sha256.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private void netstring(String value) {
    text.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value).append(',');
  }
}
