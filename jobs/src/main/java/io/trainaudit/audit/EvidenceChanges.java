package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.spark.Seqs;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.Members;
import io.trainaudit.tables.Records;
import io.trainaudit.tables.SensitiveContexts;
import io.trainaudit.tables.TableLocation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records and members whose evidence changed between two versions of the input tables, read
 * from the tables' Delta history: the Change Data Feed where the table has it enabled, else the
 * difference of the two versions (rows in one and not the other). Late and retroactive evidence
 * (a consent event, a region, a visibility, a deletion or a birth date with a timestamp before
 * snapshots already audited) is found either way, whatever its timestamp says.
 *
 * @param records changed record ids (one column, record_id), including every record of a changed member and
 *     every record posted in a context whose sensitive_contexts rows changed
 * @param members changed member ids (one column, member_id)
 * @param methods per table, how its changes were read ("unchanged", "change data feed", "version diff")
 */
record EvidenceChanges(Dataset<Row> records, Dataset<Row> members, Map<String, String> methods) {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceChanges.class);
  /** The tables whose changes can change the findings of rows already audited. */
  private static final List<InputTable> HISTORIES = List.of(InputTable.RECORDS, InputTable.RECORD_VISIBILITY,
      InputTable.CONSENT_EVENTS, InputTable.MEMBERS, InputTable.MEMBER_REGIONS, InputTable.SENSITIVE_CONTEXTS);
  private static final String CDF_PROPERTY = "delta.enableChangeDataFeed";
  private static final String UNCHANGED = "unchanged";

  static EvidenceChanges between(SparkSession spark, AuditConfig config, Map<InputTable, Long> from,
      Map<InputTable, Long> to) {
    Map<String, String> methods = new TreeMap<>();
    Dataset<Row> records = emptyKeys(spark, Records.RECORD_ID);
    Dataset<Row> members = emptyKeys(spark, Members.MEMBER_ID);
    Dataset<Row> contexts = emptyKeys(spark, SensitiveContexts.CONTEXT_ID);
    for (InputTable table : HISTORIES) {
      if (!to.containsKey(table)) {
        continue;
      }
      Long before = from.get(table);
      long after = to.get(table);
      if (before != null && after == before) {
        methods.put(table.tableName(), UNCHANGED);
        continue;
      }
      TableLocation location = config.location(table);
      Dataset<Row> changed;
      if (before == null) {
        // Read for the first time (an optional table configured since): every row is news.
        methods.put(table.tableName(), "newly read v" + after);
        changed = DeltaTables.read(spark, table.tableName(), location, after);
      } else {
        boolean feed = hasChangeFeed(spark, location);
        methods.put(table.tableName(), (feed ? "change data feed" : "version diff") + " v" + before + "..v" + after);
        changed = feed
            ? changeFeed(spark, location, before, after)
            : versionDiff(spark, table, location, before, after);
      }
      String key = keyOf(table);
      Dataset<Row> keys = changed.select(col(key)).where(col(key).isNotNull());
      switch (key) {
        case Records.RECORD_ID -> records = records.unionByName(keys);
        case SensitiveContexts.CONTEXT_ID -> contexts = contexts.unionByName(keys);
        default -> members = members.unionByName(keys);
      }
    }
    members = members.distinct();
    Dataset<Row> currentRecords = InputTable.RECORDS.schema().withOptionalColumns(
        DeltaTables.read(spark, InputTable.RECORDS.tableName(), config.location(InputTable.RECORDS),
            to.get(InputTable.RECORDS)));
    Dataset<Row> recordsOfMembers = currentRecords
        .join(members, Seqs.of(Records.MEMBER_ID), "left_semi")
        .select(col(Records.RECORD_ID));
    Dataset<Row> recordsInContexts = currentRecords
        .join(contexts.distinct().withColumnRenamed(SensitiveContexts.CONTEXT_ID, Records.CONTEXT_ID),
            Seqs.of(Records.CONTEXT_ID), "left_semi")
        .select(col(Records.RECORD_ID));
    LOG.info("Evidence changes since the last run: {}", methods);
    return new EvidenceChanges(records.unionByName(recordsOfMembers).unionByName(recordsInContexts).distinct(),
        members, methods);
  }

  /** True when no history table changed since the baseline: then no record or member did. */
  boolean none() {
    return methods.values().stream().allMatch(UNCHANGED::equals);
  }

  /** The key whose training rows a change of this table affects. */
  private static String keyOf(InputTable table) {
    return switch (table) {
      case RECORDS, RECORD_VISIBILITY -> Records.RECORD_ID;
      case SENSITIVE_CONTEXTS -> SensitiveContexts.CONTEXT_ID;
      default -> Members.MEMBER_ID;
    };
  }

  private static boolean hasChangeFeed(SparkSession spark, TableLocation location) {
    return "true".equalsIgnoreCase(DeltaTables.properties(spark, location).get(CDF_PROPERTY));
  }

  private static Dataset<Row> changeFeed(SparkSession spark, TableLocation location, long before, long after) {
    var reader = spark.read().format("delta")
        .option("readChangeFeed", "true")
        .option("startingVersion", before + 1)
        .option("endingVersion", after);
    return location instanceof TableLocation.PathLocation path
        ? reader.load(path.path())
        : reader.table(((TableLocation.CatalogTable) location).name());
  }

  /**
   * The rows in one version and not the other, both ways (as multisets). Only the data files that
   * differ between the versions are compared, listed from the log; when it no longer reaches back,
   * the two whole versions are.
   */
  private static Dataset<Row> versionDiff(SparkSession spark, InputTable table, TableLocation location, long before,
      long after) {
    Optional<DeltaTables.ChangedFiles> files =
        DeltaTables.readChangedFiles(spark, table.tableName(), location, before, after);
    Dataset<Row> newRows = canonical(table, files.isPresent()
        ? files.get().gained()
        : DeltaTables.read(spark, table.tableName(), location, after));
    Dataset<Row> oldRows = canonical(table, files.isPresent()
        ? files.get().lost()
        : DeltaTables.readPast(spark, table.tableName(), location, before));
    return newRows.exceptAll(oldRows).unionByName(oldRows.exceptAll(newRows));
  }

  /** The schema's columns: one the contract added later (records.context_id) reads as null in a version without it. */
  private static Dataset<Row> canonical(InputTable table, Dataset<Row> rows) {
    return table.schema().withOptionalColumns(rows)
        .select(table.schema().columnNames().stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
  }

  private static Dataset<Row> emptyKeys(SparkSession spark, String key) {
    return spark.emptyDataFrame().select(org.apache.spark.sql.functions.lit(null).cast("string").as(key)).limit(0);
  }
}
