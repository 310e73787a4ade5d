package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.trainaudit.audit.StageRows.ByContext;
import io.trainaudit.audit.StageRows.ByMember;
import io.trainaudit.audit.StageRows.ByRecord;
import io.trainaudit.rules.CompiledPolicy;
import io.trainaudit.rules.Rule;
import io.trainaudit.tables.ConsentEvents;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.MemberRegions;
import io.trainaudit.tables.Members;
import io.trainaudit.tables.RecordVisibility;
import io.trainaudit.tables.Records;
import io.trainaudit.tables.SensitiveContexts;
import io.trainaudit.tables.TrainingSnapshots;
import io.trainaudit.tables.ValidatedTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The rules pass as a Spark plan of two exchanges: the training rows, records and visibility,
 * validated and projected into one narrow tagged union, go by record to the {@link RecordStage};
 * its rows, with the members, consent and regions, go by member to the {@link MemberStage}. A run
 * that reads sensitive_contexts has a third, small one before them: the flags and the records
 * posted in a context go by context to the {@link ContextStage}. Each
 * exchange is one shuffle and one sort on a single long key; each stage walks the rows of one key
 * at a time in plain Java. Invalid rows ride along and come out as rows to quarantine, so that no
 * input is read twice.
 *
 * @param quarantine whether the invalid rows of these tables are to be quarantined by this pass
 *     (false for a nightly run, whose histories are narrowed to the keys in scope)
 */
record RulesPass(ValidatedTable training, Histories histories, List<Rule> rules, CompiledPolicy policy,
    boolean quarantine) {

  /**
   * The history tables the pass reads, whole or narrowed to the keys in scope; {@code contexts}
   * is null when the run reads no sensitive_contexts table.
   */
  record Histories(ValidatedTable records, ValidatedTable visibility, ValidatedTable members,
      ValidatedTable consent, ValidatedTable regions, ValidatedTable contexts) {}

  private static final Codes PURPOSES = Codes.purposes();
  private static final Codes CHANNELS = Codes.channels();
  private static final Codes VISIBILITIES = Codes.visibilities();

  /** The pass's output rows ({@link StageRows.Out}): findings, tallies, rows to quarantine, duplicated keys. */
  Dataset<Row> output() {
    List<Dataset<Row>> recordStage = new ArrayList<>(List.of(trainingRows(), recordRows(), visibilityRows()));
    if (histories.contexts() != null) {
      recordStage.add(contextPeriods());
      recordStage.add(quarantinedRows(histories.contexts()));
    }
    Dataset<Row> byRecord = sortedByKey(union(recordStage), col(StageRows.KEY));
    Dataset<Row> audited = byRecord.mapPartitions(new RecordStage(quarantine), Encoders.row(ByMember.SCHEMA));
    Dataset<Row> byMember = union(List.of(audited, memberRows(), consentRows(), regionRows()));
    Column key = when(col(ByMember.MEMBER).isNotNull(), xxhash64(col(ByMember.MEMBER)))
        .otherwise(xxhash64(col(ByMember.ID), col(StageRows.Q_TABLE), col(StageRows.Q_JSON)));
    return sortedByKey(byMember.withColumn(StageRows.KEY, sortKey(key)), col(StageRows.KEY))
        .mapPartitions(new MemberStage(rules, policy, quarantine), Encoders.row(StageRows.Out.SCHEMA));
  }

  /**
   * The periods of the contexts the records were posted in, for the record stage: one more
   * exchange, by context, of the flags of the categories the policy lists and the (record,
   * context) pairs, each context's history built once in the {@link ContextStage}.
   */
  private Dataset<Row> contextPeriods() {
    Dataset<Row> flags = histories.contexts().valid()
        .where(col(SensitiveContexts.CATEGORY).isin(policy.sensitiveCategories().toArray()))
        .select(lit(ByContext.FLAG_ROW).as(StageRows.TAG),
            col(SensitiveContexts.CONTEXT_ID).as(ByContext.CONTEXT),
            lit(null).cast("string").as(ByContext.ID),
            col(SensitiveContexts.CATEGORY).as(ByContext.TEXT),
            col(SensitiveContexts.FLAGGED).as(ByContext.FLAG),
            unix_micros(col(SensitiveContexts.EFFECTIVE_FROM)).as(ByContext.T1));
    Dataset<Row> recordsInContexts = histories.records().valid()
        .where(col(Records.CONTEXT_ID).isNotNull())
        .select(lit(ByContext.RECORD_IN_CONTEXT).as(StageRows.TAG),
            col(Records.CONTEXT_ID).as(ByContext.CONTEXT),
            col(Records.RECORD_ID).as(ByContext.ID),
            lit(null).cast("string").as(ByContext.TEXT),
            lit(null).cast("boolean").as(ByContext.FLAG),
            lit(null).cast("long").as(ByContext.T1));
    Dataset<Row> byContext = flags.union(recordsInContexts)
        .withColumn(StageRows.KEY, sortKey(xxhash64(col(ByContext.CONTEXT))))
        .select(schemaColumns(ByContext.SCHEMA));
    return sortedByKey(byContext, col(StageRows.KEY))
        .mapPartitions(new ContextStage(), Encoders.row(ByRecord.SCHEMA))
        .withColumn(StageRows.KEY, sortKey(xxhash64(col(ByRecord.ID))));
  }

  /** A table's invalid rows to quarantine, for the record stage (none when this pass does not quarantine). */
  private Dataset<Row> quarantinedRows(ValidatedTable table) {
    return byRecord(table, ByRecord.QUARANTINED, null, Map.of()).where(col(StageRows.Q_TABLE).isNotNull());
  }

  /** Partitioned by the id's hash (the key's upper bits), sorted by the whole key: one long, no string. */
  private static Dataset<Row> sortedByKey(Dataset<Row> rows, Column key) {
    return rows.repartition(shiftright(key, StageRows.TAG_BITS)).sortWithinPartitions(key);
  }

  /** The sort key of a row: the hash of its id in the upper bits, its tag in the lower ones. */
  private static Column sortKey(Column hash) {
    return hash.bitwiseAND(lit(-1L << StageRows.TAG_BITS)).bitwiseOR(col(StageRows.TAG).cast("long"));
  }

  private Dataset<Row> trainingRows() {
    Map<String, Column> columns = new LinkedHashMap<>();
    columns.put(ByRecord.ID, col(TrainingSnapshots.RECORD_ID));
    columns.put(ByRecord.MEMBER, col(TrainingSnapshots.MEMBER_ID));
    columns.put(ByRecord.T1, unix_micros(col(TrainingSnapshots.CAPTURED_AT)));
    columns.put(ByRecord.CODE, PURPOSES.encode(col(TrainingSnapshots.PURPOSE)));
    columns.put(ByRecord.SNAPSHOT, col(TrainingSnapshots.SNAPSHOT_ID));
    columns.put(ByRecord.RECIPIENT, col(TrainingSnapshots.RECIPIENT));
    return byRecord(training, ByRecord.TRAINING, null, columns);
  }

  private Dataset<Row> recordRows() {
    Map<String, Column> columns = new LinkedHashMap<>();
    columns.put(ByRecord.ID, col(Records.RECORD_ID));
    columns.put(ByRecord.MEMBER, col(Records.MEMBER_ID));
    columns.put(ByRecord.T1, unix_micros(col(Records.CREATED_AT)));
    columns.put(ByRecord.T2, unix_micros(col(Records.DELETED_AT)));
    columns.put(ByRecord.TEXT, col(Records.RECORD_TYPE));
    columns.put(ByRecord.CONTEXT, col(Records.CONTEXT_ID));
    return byRecord(histories.records(), ByRecord.RECORD, Records.RECORD_ID, columns);
  }

  private Dataset<Row> visibilityRows() {
    Map<String, Column> columns = new LinkedHashMap<>();
    columns.put(ByRecord.ID, col(RecordVisibility.RECORD_ID));
    columns.put(ByRecord.CODE, VISIBILITIES.encode(col(RecordVisibility.VISIBILITY)));
    columns.put(ByRecord.T1, unix_micros(col(RecordVisibility.EFFECTIVE_FROM)));
    return byRecord(histories.visibility(), ByRecord.VISIBILITY, null, columns);
  }

  private Dataset<Row> memberRows() {
    Map<String, Column> columns = new LinkedHashMap<>();
    columns.put(ByMember.MEMBER, col(Members.MEMBER_ID));
    columns.put(ByMember.DAY, unix_date(col(Members.BIRTH_DATE)));
    columns.put(ByMember.T1, unix_micros(col(Members.CLOSED_AT)));
    return byMember(histories.members(), ByMember.MEMBER_ROW, Members.MEMBER_ID, columns);
  }

  private Dataset<Row> consentRows() {
    Map<String, Column> columns = new LinkedHashMap<>();
    columns.put(ByMember.MEMBER, col(ConsentEvents.MEMBER_ID));
    columns.put(ByMember.CODE, CHANNELS.encode(col(ConsentEvents.CHANNEL)));
    columns.put(ByMember.FLAG, col(ConsentEvents.OPTED_OUT));
    columns.put(ByMember.T1, unix_micros(col(ConsentEvents.EVENT_TIME)));
    return byMember(histories.consent(), ByMember.CONSENT, null, columns);
  }

  private Dataset<Row> regionRows() {
    Map<String, Column> columns = new LinkedHashMap<>();
    columns.put(ByMember.MEMBER, col(MemberRegions.MEMBER_ID));
    columns.put(ByMember.TEXT, col(MemberRegions.COUNTRY_CODE));
    columns.put(ByMember.T1, unix_micros(col(MemberRegions.EFFECTIVE_FROM)));
    return byMember(histories.regions(), ByMember.REGION, null, columns);
  }

  /**
   * A table's rows for the record stage: its valid rows tagged {@code tag}, keyed by record id;
   * its invalid rows tagged to be quarantined (when this pass quarantines) or, for a table with a
   * unique key, counted among the copies of their key.
   */
  private Dataset<Row> byRecord(ValidatedTable table, int tag, String uniqueKey, Map<String, Column> columns) {
    Column invalidTag = uniqueKey == null ? lit(ByRecord.QUARANTINED)
        : when(col(uniqueKey).isNotNull(), lit(ByRecord.INVALID_RECORD)).otherwise(lit(ByRecord.QUARANTINED));
    // A row to quarantine is keyed by its own text, so that such rows spread over the tasks.
    Column key = sortKey(when(col(StageRows.TAG).equalTo(lit(ByRecord.QUARANTINED)), xxhash64(col(StageRows.Q_JSON)))
        .otherwise(xxhash64(col(ByRecord.ID))));
    return project(table, tag, invalidTag, columns, ByRecord.SCHEMA, key);
  }

  private Dataset<Row> byMember(ValidatedTable table, int tag, String uniqueKey, Map<String, Column> columns) {
    Column invalidTag = uniqueKey == null ? lit(ByMember.QUARANTINED)
        : when(col(uniqueKey).isNotNull(), lit(ByMember.INVALID_MEMBER)).otherwise(lit(ByMember.QUARANTINED));
    return project(table, tag, invalidTag, columns, ByMember.SCHEMA, null);
  }

  /**
   * The table's checked rows in a stage's schema: the named columns for valid rows, the quarantine
   * columns for invalid ones. Invalid rows that neither count as a key's copy nor are quarantined
   * by this pass are left out: another pass quarantines them.
   */
  private Dataset<Row> project(ValidatedTable table, int tag, Column invalidTag, Map<String, Column> columns,
      StructType schema, Column key) {
    Column valid = ValidatedTable.reason().isNull();
    Column tagged = when(valid, lit(tag)).otherwise(invalidTag);
    Dataset<Row> checked = table.checkedRows();
    if (!quarantine) {
      checked = checked.where(valid.or(invalidTag.notEqual(lit(quarantinedTag(schema)))));
    }
    Column[] select = new Column[schema.length()];
    for (int i = 0; i < schema.length(); i++) {
      String name = schema.fields()[i].name();
      Column value;
      if (name.equals(StageRows.TAG)) {
        value = tagged;
      } else if (name.equals(StageRows.Q_TABLE)) {
        value = when(valid.unary_$bang(), lit(table.table().tableName()));
      } else if (name.equals(StageRows.Q_REASON)) {
        value = when(valid.unary_$bang(), ValidatedTable.reason());
      } else if (name.equals(StageRows.Q_JSON)) {
        value = quarantine ? when(valid.unary_$bang(), ValidatedTable.rowJson()) : lit(null);
      } else if (columns.containsKey(name) && !name.equals(ByRecord.ID) && !name.equals(ByMember.MEMBER)) {
        value = when(valid, columns.get(name));
      } else if (columns.containsKey(name)) {
        // The key column stays on invalid rows: a record or member id counts every row holding it.
        value = columns.get(name);
      } else {
        value = lit(null);
      }
      select[i] = value.cast(schema.fields()[i].dataType()).as(name);
    }
    Dataset<Row> rows = checked.select(select);
    return key == null ? rows : rows.withColumn(StageRows.KEY, key).select(schemaColumns(schema));
  }

  private static int quarantinedTag(StructType schema) {
    return schema == ByRecord.SCHEMA ? ByRecord.QUARANTINED : ByMember.QUARANTINED;
  }

  private static Column[] schemaColumns(StructType schema) {
    return java.util.Arrays.stream(schema.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
  }

  private static Dataset<Row> union(List<Dataset<Row>> parts) {
    Dataset<Row> all = parts.get(0);
    for (Dataset<Row> part : parts.subList(1, parts.size())) {
      all = all.union(part);
    }
    return all;
  }
}
