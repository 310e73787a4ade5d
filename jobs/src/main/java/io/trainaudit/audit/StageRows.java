package io.trainaudit.audit;

import io.trainaudit.tables.Findings;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows the two stages of the rules pass exchange: narrow tagged unions, one schema for each
 * stage's input and one for the pass's output. A column's meaning depends on the row's tag, as
 * each tag's Javadoc says; the other columns of the row are null. Instants are microseconds since
 * the epoch (UTC), dates days since the epoch, and purposes, channels and visibilities small int
 * codes ({@link Codes}).
 */
final class StageRows {
  private StageRows() {}

  /**
   * The sort key of both stages, one long: xxhash64 of the record or member id in its upper 60
   * bits, the row's tag in its lower 4. Rows are partitioned by the upper bits, sorted by the whole
   * (one long, so Spark can radix sort it): the rows of one record or member arrive together,
   * their history (lower tags) before the training rows it judges.
   */
  static final String KEY = "k";
  /** How many low bits of {@link #KEY} hold the tag. */
  static final int TAG_BITS = 4;
  static final String TAG = "tag";

  /** Input of the record stage, keyed by record_id. */
  static final class ByRecord {
    /** A valid records row: ID, MEMBER owner, T1 created_at, T2 deleted_at, TEXT record_type, CONTEXT context_id. */
    static final int RECORD = 0;
    /** A valid record_visibility row: ID, CODE visibility, T1 effective_from. */
    static final int VISIBILITY = 2;
    /**
     * A period of the record's context ({@link ContextStage}): ID record, T1 from when the context
     * holds exactly CATEGORIES, the policy's special categories flagged on it (sorted, maybe none).
     */
    static final int CONTEXT_PERIOD = 4;
    /** A valid training row: ID record, MEMBER the snapshot's member, T1 captured_at, CODE purpose, SNAPSHOT, RECIPIENT. */
    static final int TRAINING = 5;
    /** An invalid records row with a record id: counts among the copies of that id. */
    static final int INVALID_RECORD = 1;
    /** An invalid row to quarantine: Q_TABLE, Q_REASON, Q_JSON. */
    static final int QUARANTINED = 3;

    static final String ID = "id";
    static final String MEMBER = "member";
    static final String T1 = "t1";
    static final String T2 = "t2";
    static final String CODE = "code";
    static final String SNAPSHOT = "snapshot";
    static final String RECIPIENT = "recipient";
    static final String TEXT = "text";
    static final String CONTEXT = StageRows.CONTEXT;
    static final String CATEGORIES = StageRows.CATEGORIES;

    static final StructType SCHEMA = new StructType()
        .add(KEY, DataTypes.LongType)
        .add(TAG, DataTypes.IntegerType)
        .add(ID, DataTypes.StringType)
        .add(MEMBER, DataTypes.StringType)
        .add(T1, DataTypes.LongType)
        .add(T2, DataTypes.LongType)
        .add(CODE, DataTypes.IntegerType)
        .add(SNAPSHOT, DataTypes.StringType)
        .add(RECIPIENT, DataTypes.StringType)
        .add(TEXT, DataTypes.StringType)
        .add(CONTEXT, DataTypes.StringType)
        .add(CATEGORIES, CATEGORIES_TYPE)
        .add(Q_TABLE, DataTypes.StringType)
        .add(Q_REASON, DataTypes.StringType)
        .add(Q_JSON, DataTypes.StringType);

    static final int I_KEY = SCHEMA.fieldIndex(KEY);
    static final int I_TAG = SCHEMA.fieldIndex(TAG);
    static final int I_ID = SCHEMA.fieldIndex(ID);
    static final int I_MEMBER = SCHEMA.fieldIndex(MEMBER);
    static final int I_T1 = SCHEMA.fieldIndex(T1);
    static final int I_T2 = SCHEMA.fieldIndex(T2);
    static final int I_CODE = SCHEMA.fieldIndex(CODE);
    static final int I_SNAPSHOT = SCHEMA.fieldIndex(SNAPSHOT);
    static final int I_RECIPIENT = SCHEMA.fieldIndex(RECIPIENT);
    static final int I_TEXT = SCHEMA.fieldIndex(TEXT);
    static final int I_CONTEXT = SCHEMA.fieldIndex(CONTEXT);
    static final int I_CATEGORIES = SCHEMA.fieldIndex(CATEGORIES);
    static final int I_Q_TABLE = SCHEMA.fieldIndex(Q_TABLE);
    static final int I_Q_REASON = SCHEMA.fieldIndex(Q_REASON);
    static final int I_Q_JSON = SCHEMA.fieldIndex(Q_JSON);

    private ByRecord() {}
  }

  /**
   * Input of the context stage, keyed by context_id: only when the run reads sensitive_contexts,
   * and only the rows that can matter (a flag of a category the policy lists, a record posted in a
   * context).
   */
  static final class ByContext {
    /** A valid sensitive_contexts row: CONTEXT, TEXT category, FLAG flagged, T1 effective_from. */
    static final int FLAG_ROW = 0;
    /** A valid records row posted in a context: CONTEXT, ID record_id. */
    static final int RECORD_IN_CONTEXT = 1;

    static final String CONTEXT = StageRows.CONTEXT;
    static final String ID = "id";
    static final String TEXT = "text";
    static final String FLAG = "flag";
    static final String T1 = "t1";

    static final StructType SCHEMA = new StructType()
        .add(KEY, DataTypes.LongType)
        .add(TAG, DataTypes.IntegerType)
        .add(CONTEXT, DataTypes.StringType)
        .add(ID, DataTypes.StringType)
        .add(TEXT, DataTypes.StringType)
        .add(FLAG, DataTypes.BooleanType)
        .add(T1, DataTypes.LongType);

    static final int I_KEY = SCHEMA.fieldIndex(KEY);
    static final int I_TAG = SCHEMA.fieldIndex(TAG);
    static final int I_CONTEXT = SCHEMA.fieldIndex(CONTEXT);
    static final int I_ID = SCHEMA.fieldIndex(ID);
    static final int I_TEXT = SCHEMA.fieldIndex(TEXT);
    static final int I_FLAG = SCHEMA.fieldIndex(FLAG);
    static final int I_T1 = SCHEMA.fieldIndex(T1);

    private ByContext() {}
  }

  /** Input of the member stage, keyed by member_id: the record stage's output and the member tables. */
  static final class ByMember {
    /**
     * A training row as audited, with its record's facts at capture: MEMBER audited, ID record,
     * SNAPSHOT_MEMBER, RECORD_MEMBER (null when unknown), T1 captured_at, T2 created_at, T3
     * deleted_at, T4 visibility since, CODE purpose, SNAPSHOT, RECIPIENT, VISIBILITY (null if none),
     * TEXT record_type, CONTEXT context_id, CATEGORIES flagged on it at capture (null if none), T5
     * since when, COPIES, RANK, DISTINCT_COPIES.
     */
    static final int AUDITED = 6;
    /** A valid members row: MEMBER, DAY birth_date, T1 closed_at. */
    static final int MEMBER_ROW = 0;
    /** A valid consent_events row: MEMBER, CODE channel, FLAG opted_out, T1 event_time. */
    static final int CONSENT = 2;
    /** A valid member_regions row: MEMBER, TEXT country_code, T1 effective_from. */
    static final int REGION = 3;
    /** An invalid members row with a member id: counts among the copies of that id. */
    static final int INVALID_MEMBER = 1;
    /** An invalid row to quarantine: Q_TABLE, Q_REASON, Q_JSON. */
    static final int QUARANTINED = 4;
    /** A key held by several rows of a table with a unique key: Q_TABLE, ID the key, COPIES how many rows. */
    static final int DUPLICATE_KEY = 5;

    static final String MEMBER = "member";
    static final String ID = "id";
    static final String SNAPSHOT_MEMBER = "snapshot_member";
    static final String RECORD_MEMBER = "record_member";
    static final String T1 = "t1";
    static final String T2 = "t2";
    static final String T3 = "t3";
    static final String T4 = "t4";
    static final String T5 = "t5";
    static final String CODE = "code";
    static final String SNAPSHOT = "snapshot";
    static final String RECIPIENT = "recipient";
    static final String VISIBILITY = "visibility";
    static final String TEXT = "text";
    static final String FLAG = "flag";
    static final String DAY = "day";
    static final String COPIES = "copies";
    static final String RANK = "rank";
    static final String DISTINCT_COPIES = "distinct_copies";
    static final String CONTEXT = StageRows.CONTEXT;
    static final String CATEGORIES = StageRows.CATEGORIES;

    static final StructType SCHEMA = new StructType()
        .add(TAG, DataTypes.IntegerType)
        .add(MEMBER, DataTypes.StringType)
        .add(ID, DataTypes.StringType)
        .add(SNAPSHOT_MEMBER, DataTypes.StringType)
        .add(RECORD_MEMBER, DataTypes.StringType)
        .add(T1, DataTypes.LongType)
        .add(T2, DataTypes.LongType)
        .add(T3, DataTypes.LongType)
        .add(T4, DataTypes.LongType)
        .add(T5, DataTypes.LongType)
        .add(CODE, DataTypes.IntegerType)
        .add(SNAPSHOT, DataTypes.StringType)
        .add(RECIPIENT, DataTypes.StringType)
        .add(VISIBILITY, DataTypes.IntegerType)
        .add(TEXT, DataTypes.StringType)
        .add(CONTEXT, DataTypes.StringType)
        .add(CATEGORIES, CATEGORIES_TYPE)
        .add(FLAG, DataTypes.BooleanType)
        .add(DAY, DataTypes.IntegerType)
        .add(COPIES, DataTypes.LongType)
        .add(RANK, DataTypes.IntegerType)
        .add(DISTINCT_COPIES, DataTypes.IntegerType)
        .add(Q_TABLE, DataTypes.StringType)
        .add(Q_REASON, DataTypes.StringType)
        .add(Q_JSON, DataTypes.StringType);

    /** The grouping key is appended to these rows, after the last column, as the member stage reads them. */
    static final int I_KEY = SCHEMA.length();
    static final int I_TAG = SCHEMA.fieldIndex(TAG);
    static final int I_MEMBER = SCHEMA.fieldIndex(MEMBER);
    static final int I_ID = SCHEMA.fieldIndex(ID);
    static final int I_SNAPSHOT_MEMBER = SCHEMA.fieldIndex(SNAPSHOT_MEMBER);
    static final int I_RECORD_MEMBER = SCHEMA.fieldIndex(RECORD_MEMBER);
    static final int I_T1 = SCHEMA.fieldIndex(T1);
    static final int I_T2 = SCHEMA.fieldIndex(T2);
    static final int I_T3 = SCHEMA.fieldIndex(T3);
    static final int I_T4 = SCHEMA.fieldIndex(T4);
    static final int I_T5 = SCHEMA.fieldIndex(T5);
    static final int I_CODE = SCHEMA.fieldIndex(CODE);
    static final int I_SNAPSHOT = SCHEMA.fieldIndex(SNAPSHOT);
    static final int I_RECIPIENT = SCHEMA.fieldIndex(RECIPIENT);
    static final int I_VISIBILITY = SCHEMA.fieldIndex(VISIBILITY);
    static final int I_TEXT = SCHEMA.fieldIndex(TEXT);
    static final int I_CONTEXT = SCHEMA.fieldIndex(CONTEXT);
    static final int I_CATEGORIES = SCHEMA.fieldIndex(CATEGORIES);
    static final int I_FLAG = SCHEMA.fieldIndex(FLAG);
    static final int I_DAY = SCHEMA.fieldIndex(DAY);
    static final int I_COPIES = SCHEMA.fieldIndex(COPIES);
    static final int I_RANK = SCHEMA.fieldIndex(RANK);
    static final int I_DISTINCT_COPIES = SCHEMA.fieldIndex(DISTINCT_COPIES);
    static final int I_Q_TABLE = SCHEMA.fieldIndex(Q_TABLE);
    static final int I_Q_REASON = SCHEMA.fieldIndex(Q_REASON);
    static final int I_Q_JSON = SCHEMA.fieldIndex(Q_JSON);

    static org.apache.spark.sql.Row quarantined(String table, String reason, String json) {
      Object[] v = new Object[SCHEMA.length()];
      v[I_TAG] = QUARANTINED;
      v[I_Q_TABLE] = table;
      v[I_Q_REASON] = reason;
      v[I_Q_JSON] = json;
      return org.apache.spark.sql.RowFactory.create(v);
    }

    static org.apache.spark.sql.Row duplicateKey(String table, String key, long copies) {
      Object[] v = new Object[SCHEMA.length()];
      v[I_TAG] = DUPLICATE_KEY;
      v[I_Q_TABLE] = table;
      v[I_ID] = key;
      v[I_COPIES] = copies;
      return org.apache.spark.sql.RowFactory.create(v);
    }

    private ByMember() {}
  }

  /** The rules pass's output, written once to the run's staging folder. */
  static final class Out {
    /** A finding: the findings table's columns (captured_at in microseconds), RANK and DISTINCT_COPIES. */
    static final int FINDING = 0;
    /** What one task of the member stage audited of one snapshot: snapshot_id, AUDITED, VALID_ROWS, DIFFERING. */
    static final int TALLY = 1;
    /** An invalid row to quarantine: Q_TABLE, Q_REASON, Q_JSON. */
    static final int QUARANTINED = 2;
    /** A key held by several rows of a table with a unique key: Q_TABLE, KEY_VALUE, AUDITED the number of rows. */
    static final int DUPLICATE_KEY = 3;

    static final String AUDITED = "audited";
    static final String VALID_ROWS = "valid_rows";
    static final String DIFFERING = "differing";
    static final String RANK = "rank";
    static final String DISTINCT_COPIES = "distinct_copies";
    static final String KEY_VALUE = "key_value";
    /** captured_at of a finding, in microseconds until the findings are read back. */
    static final String CAPTURED_MICROS = "captured_micros";

    static final StructType SCHEMA = new StructType()
        .add(TAG, DataTypes.IntegerType)
        .add(Findings.FINDING_ID, DataTypes.StringType)
        .add(Findings.RULE_ID, DataTypes.StringType)
        .add(Findings.SEVERITY, DataTypes.StringType)
        .add(Findings.SNAPSHOT_ID, DataTypes.StringType)
        .add(CAPTURED_MICROS, DataTypes.LongType)
        .add(Findings.PURPOSE, DataTypes.StringType)
        .add(Findings.RECIPIENT, DataTypes.StringType)
        .add(Findings.RECORD_ID, DataTypes.StringType)
        .add(Findings.MEMBER_ID, DataTypes.StringType)
        .add(Findings.REGION_GROUP, DataTypes.StringType)
        .add(Findings.EVIDENCE, DataTypes.StringType)
        .add(RANK, DataTypes.IntegerType)
        .add(DISTINCT_COPIES, DataTypes.IntegerType)
        .add(AUDITED, DataTypes.LongType)
        .add(VALID_ROWS, DataTypes.LongType)
        .add(DIFFERING, DataTypes.LongType)
        .add(KEY_VALUE, DataTypes.StringType)
        .add(Q_TABLE, DataTypes.StringType)
        .add(Q_REASON, DataTypes.StringType)
        .add(Q_JSON, DataTypes.StringType);

    static final int I_TAG = SCHEMA.fieldIndex(TAG);
    static final int I_FINDING_ID = SCHEMA.fieldIndex(Findings.FINDING_ID);
    static final int I_RULE_ID = SCHEMA.fieldIndex(Findings.RULE_ID);
    static final int I_SEVERITY = SCHEMA.fieldIndex(Findings.SEVERITY);
    static final int I_SNAPSHOT_ID = SCHEMA.fieldIndex(Findings.SNAPSHOT_ID);
    static final int I_CAPTURED_MICROS = SCHEMA.fieldIndex(CAPTURED_MICROS);
    static final int I_PURPOSE = SCHEMA.fieldIndex(Findings.PURPOSE);
    static final int I_RECIPIENT = SCHEMA.fieldIndex(Findings.RECIPIENT);
    static final int I_RECORD_ID = SCHEMA.fieldIndex(Findings.RECORD_ID);
    static final int I_MEMBER_ID = SCHEMA.fieldIndex(Findings.MEMBER_ID);
    static final int I_REGION_GROUP = SCHEMA.fieldIndex(Findings.REGION_GROUP);
    static final int I_EVIDENCE = SCHEMA.fieldIndex(Findings.EVIDENCE);
    static final int I_RANK = SCHEMA.fieldIndex(RANK);
    static final int I_DISTINCT_COPIES = SCHEMA.fieldIndex(DISTINCT_COPIES);
    static final int I_AUDITED = SCHEMA.fieldIndex(AUDITED);
    static final int I_VALID_ROWS = SCHEMA.fieldIndex(VALID_ROWS);
    static final int I_DIFFERING = SCHEMA.fieldIndex(DIFFERING);
    static final int I_KEY_VALUE = SCHEMA.fieldIndex(KEY_VALUE);
    static final int I_Q_TABLE = SCHEMA.fieldIndex(Q_TABLE);
    static final int I_Q_REASON = SCHEMA.fieldIndex(Q_REASON);
    static final int I_Q_JSON = SCHEMA.fieldIndex(Q_JSON);

    private Out() {}
  }

  static final String CONTEXT = "context";
  static final String CATEGORIES = "categories";
  static final DataType CATEGORIES_TYPE = DataTypes.createArrayType(DataTypes.StringType, false);

  static final String Q_TABLE = "q_table";
  static final String Q_REASON = "q_reason";
  static final String Q_JSON = "q_json";
}
