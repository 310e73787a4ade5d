package io.trainaudit.gate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.trainaudit.audit.SnapshotDigest;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.evidence.Attestation;
import io.trainaudit.evidence.Dsse;
import io.trainaudit.evidence.SigningKeys;
import io.trainaudit.evidence.Trust;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.SchemaCheck;
import io.trainaudit.tables.TableLocation;
import io.trainaudit.tables.TrainingSnapshots;
import io.trainaudit.tables.ValidatedTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Checks a clearance file as a training pipeline should before it starts: the envelope's
 * signature with the signer's key (the one given, else the copy the statement carries), that the
 * statement is a clearance, that the signer is trusted ({@link Trust}: the same model as evidence
 * packages), and, against a configuration, that the snapshot's rows now in the table have the
 * digest the clearance signed.
 */
public final class ClearanceVerifier {
  private ClearanceVerifier() {}

  /** The three conclusions, with the exit codes of an evidence package's. */
  public enum Outcome {
    /** Intact, signed by a trusted key, and the rows match when they were checked. */
    VERIFIED,
    /** Intact, but the signer is neither given nor pinned: anyone could have made it. */
    SIGNER_NOT_TRUSTED,
    /** The signature, the statement or the rows do not hold; the problems name each. */
    NOT_VERIFIED
  }

  /**
   * The snapshot's rows as the table holds them now.
   *
   * @param tableVersion the version of training_snapshots read
   */
  public record Rows(long rows, String sha256, long tableVersion, boolean match) {}

  /**
   * What a check concluded.
   *
   * @param facts what the clearance states; null if its statement could not be trusted
   * @param signer the fingerprint of the key the signature verified with; null if it did not
   * @param trustedBy how the signer is trusted; null if it is not
   * @param rows the rows now, when they were checked; null otherwise
   */
  public record Verification(Outcome outcome, List<String> problems, Clearance.Facts facts, String signer,
      String trustedBy, Rows rows) {
    public Verification {
      Objects.requireNonNull(outcome, "outcome");
      problems = List.copyOf(problems);
    }
  }

  /** Checks the file's signature, statement and signer. */
  public static Verification verify(Path file, Trust trust) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw GateErrors.clearanceUnreadable(file, e);
    }
    Attestation.Envelope envelope;
    try {
      envelope = Attestation.readEnvelope(bytes);
    } catch (IOException e) {
      return failed("not a DSSE envelope (" + e.getMessage() + ")");
    }
    if (!Dsse.PAYLOAD_TYPE.equals(envelope.payloadType())) {
      return failed("payload type " + envelope.payloadType() + ", expected " + Dsse.PAYLOAD_TYPE);
    }
    Clearance.Facts facts;
    PublicKey key = trust.publicKey();
    try {
      facts = Clearance.parse(envelope.payload());
      if (key == null) {
        key = Clearance.carriedKey(facts);
      }
    } catch (IOException e) {
      // An unsigned or foreign statement is named as such only once no signature can vouch for it.
      return key != null && !Dsse.verify(key, envelope.payloadType(), envelope.payload(), envelope.signature())
          ? failed("the signature does not verify with the public key " + trust.publicKeyFile())
          : failed("not a clearance: " + e.getMessage());
    }
    if (!Dsse.verify(key, envelope.payloadType(), envelope.payload(), envelope.signature())) {
      return failed("the signature does not verify with " + (trust.publicKeyFile() != null
          ? "the public key " + trust.publicKeyFile() : "the signer_public_key the clearance carries"));
    }
    String trustedBy = trust.trusts(key);
    return new Verification(trustedBy == null ? Outcome.SIGNER_NOT_TRUSTED : Outcome.VERIFIED, List.of(), facts,
        SigningKeys.fingerprint(key), trustedBy, null);
  }

  /**
   * The same check, then the rows: the digest of the snapshot's rows in the configured
   * training_snapshots, at its latest version, must be the one the clearance signed.
   */
  public static Verification verify(Path file, Trust trust, SparkSession spark, AuditConfig config) {
    Verification signed = verify(file, trust);
    if (signed.outcome() == Outcome.NOT_VERIFIED) {
      return signed;
    }
    Clearance.Facts facts = signed.facts();
    Rows now = rowsNow(spark, config, facts.snapshotId(), facts.rowsDigest());
    List<String> problems = new ArrayList<>();
    if (!now.match()) {
      problems.add("rows: the rows of snapshot " + facts.snapshotId() + " changed since the clearance: it signed "
          + facts.rows() + " rows with digest " + facts.rowsDigest() + ", training_snapshots (version "
          + now.tableVersion() + ") now holds " + now.rows() + " rows with digest " + now.sha256());
    }
    return new Verification(problems.isEmpty() ? signed.outcome() : Outcome.NOT_VERIFIED, problems, facts,
        signed.signer(), signed.trustedBy(), now);
  }

  /** The digest of a snapshot's rows in the configured table now. */
  static Rows rowsNow(SparkSession spark, AuditConfig config, String snapshotId, String expected) {
    TableLocation location = config.location(InputTable.TRAINING_SNAPSHOTS);
    String name = InputTable.TRAINING_SNAPSHOTS.tableName();
    DeltaTables.requireDelta(spark, name, location);
    long version = DeltaTables.latestVersion(spark, location);
    Dataset<Row> raw = DeltaTables.read(spark, name, location, version);
    SchemaCheck.check(InputTable.TRAINING_SNAPSHOTS.schema(), location, raw.schema());
    Dataset<Row> rows = ValidatedTable.of(InputTable.TRAINING_SNAPSHOTS,
        raw.where(col(TrainingSnapshots.SNAPSHOT_ID).equalTo(lit(snapshotId))), Optional.empty()).checkedRows();
    SnapshotDigest.Digest digest = SnapshotDigest.bySnapshot(rows).get(snapshotId);
    return digest == null
        ? new Rows(0, "none (no row)", version, false)
        : new Rows(digest.rows(), digest.sha256(), version, digest.sha256().equals(expected));
  }

  private static Verification failed(String problem) {
    return new Verification(Outcome.NOT_VERIFIED, List.of(problem), null, null, null, null);
  }
}
