package io.trainaudit.audit;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import io.trainaudit.tables.Findings;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The digest of a run's result, what {@code reproduce} compares. Each finding is hashed on the
 * executors: the hex SHA-256 of {@code finding_id|severity|region_group|evidence} ({@code null}
 * for a missing value). Equal digests mean the same findings with the same evidence.
 *
 * <p>Two schemes, recorded with each run ({@code audit_runs.digest_scheme}):
 * <ul>
 *   <li>{@link #UNORDERED} (this code): the sum of the findings' hashes, as 256-bit numbers, modulo
 *       2^256, with their count: {@code hex(SHA-256("trainaudit-digest/unordered\n" + count + "\n" +
 *       hex64(sum)))}. It needs no sort: each task adds its findings' hashes and the driver adds the
 *       tasks' sums. A fingerprint of the result for equality, not a signature.
 *   <li>sorted (null: runs recorded before it): SHA-256 over the findings' hashes sorted by
 *       finding_id, one per line.
 * </ul>
 */
public final class FindingsDigest {
  /** The digest scheme of this code. */
  public static final String UNORDERED = "unordered-sum";

  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);
  private static final StructType PARTIAL = new StructType()
      .add("count", DataTypes.LongType, false)
      .add("sum", DataTypes.StringType, false);

  private FindingsDigest() {}

  /** The digest of a run of this code. */
  public static String of(Dataset<Row> findings) {
    return of(findings, FindingIdScheme.ID_SCHEME, UNORDERED);
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
    Dataset<Row> hashes = findings.select(id.as(Findings.FINDING_ID), sha2(line, 256).as("hash"));
    return UNORDERED.equals(digestScheme) ? unordered(hashes) : sorted(hashes);
  }

  private static String unordered(Dataset<Row> hashes) {
    List<Row> partials = hashes.select("hash").mapPartitions(new PartialSum(), Encoders.row(PARTIAL)).collectAsList();
    long count = 0;
    BigInteger sum = BigInteger.ZERO;
    for (Row partial : partials) {
      count += partial.getLong(0);
      sum = sum.add(new BigInteger(partial.getString(1), 16)).mod(MODULUS);
    }
    String text = "trainaudit-digest/unordered\n" + count + "\n" + String.format("%064x", sum);
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** One task's findings: how many, and the sum of their hashes modulo 2^256. */
  private static final class PartialSum implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> hashes) {
      long count = 0;
      BigInteger sum = BigInteger.ZERO;
      while (hashes.hasNext()) {
        sum = sum.add(new BigInteger(hashes.next().getString(0), 16));
        count++;
      }
      return List.of(RowFactory.create(count, sum.mod(MODULUS).toString(16))).iterator();
    }
  }

  /** The first scheme: the hashes sorted by finding id stream to the driver, one partition at a time. */
  private static String sorted(Dataset<Row> hashes) {
    MessageDigest digest = sha256();
    Iterator<Row> sortedHashes = hashes.sort(Findings.FINDING_ID).select("hash").toLocalIterator();
    while (sortedHashes.hasNext()) {
      digest.update((sortedHashes.next().getString(0) + "\n").getBytes(StandardCharsets.UTF_8));
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
