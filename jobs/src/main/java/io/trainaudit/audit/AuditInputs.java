package io.trainaudit.audit;

import static org.apache.spark.sql.functions.col;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.spark.Seqs;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.Members;
import io.trainaudit.tables.ModelTrainings;
import io.trainaudit.tables.Records;
import io.trainaudit.tables.SchemaCheck;
import io.trainaudit.tables.TableLocation;
import io.trainaudit.tables.TrainingSnapshots;
import io.trainaudit.tables.ValidatedTable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The input tables of one run (the six every audit reads, and the optional ones configured), each
 * pinned to the Delta version current when the run began and checked for existence and schema
 * before any heavy work.
 */
public final class AuditInputs {
  private final Map<InputTable, Long> versions;
  private final Map<InputTable, Dataset<Row>> raw;
  private final Map<InputTable, ValidatedTable> tables;

  private AuditInputs(Map<InputTable, Long> versions, Map<InputTable, Dataset<Row>> raw,
      Map<InputTable, ValidatedTable> tables) {
    this.versions = versions;
    this.raw = raw;
    this.tables = tables;
  }

  /**
   * Opens every input table the config has at its latest version, failing on the first missing
   * table or column in the contract's order. The tables' logs are read in parallel: on object
   * storage each is a few listing and read round trips.
   */
  public static AuditInputs open(SparkSession spark, AuditConfig config) {
    Map<InputTable, CompletableFuture<Long>> latest = new EnumMap<>(InputTable.class);
    ExecutorService logReaders = Executors.newFixedThreadPool(Math.min(config.inputTables().size(), 8), r -> {
      Thread thread = new Thread(r, "trainaudit-open-inputs");
      thread.setDaemon(true);
      return thread;
    });
    try {
      for (InputTable table : config.inputTables()) {
        TableLocation location = config.location(table);
        latest.put(table, CompletableFuture.supplyAsync(() -> {
          DeltaTables.requireDelta(spark, table.tableName(), location);
          return DeltaTables.latestVersion(spark, location);
        }, logReaders));
      }
      Map<InputTable, Long> versions = new EnumMap<>(InputTable.class);
      latest.forEach((table, version) -> versions.put(table, joined(version)));
      return open(spark, config, versions, false);
    } finally {
      logReaders.shutdownNow();
    }
  }

  /** The future's value, or the failure it ended with, as thrown where it was computed. */
  private static <T> T joined(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /**
   * Opens the input tables a past run read, at the versions it read: how it is reproduced. A table
   * the run did not read (an optional one configured since) is not read now either. Refuses, with
   * a clear error, a version whose log or data files were removed, and a table the run read that
   * the configuration no longer names.
   */
  public static AuditInputs openPast(SparkSession spark, AuditConfig config, Map<InputTable, Long> versions) {
    for (InputTable table : versions.keySet()) {
      if (!config.has(table)) {
        throw new io.trainaudit.AuditException(io.trainaudit.ErrorCode.CONFIG, "Cannot read the inputs of the past"
            + " run: it read table " + table.tableName() + ", which the configuration no longer names (tables."
            + table.tableName() + ")");
      }
    }
    return open(spark, config, versions, true);
  }

  private static AuditInputs open(SparkSession spark, AuditConfig config, Map<InputTable, Long> versions,
      boolean past) {
    Map<InputTable, Dataset<Row>> rawTables = new EnumMap<>(InputTable.class);
    Map<InputTable, ValidatedTable> tables = new EnumMap<>(InputTable.class);
    for (InputTable table : versions.keySet()) {
      TableLocation location = config.location(table);
      Dataset<Row> raw = past
          ? DeltaTables.readPast(spark, table.tableName(), location, versions.get(table))
          : DeltaTables.read(spark, table.tableName(), location, versions.get(table));
      SchemaCheck.check(table.schema(), location, raw.schema());
      rawTables.put(table, raw);
      tables.put(table, ValidatedTable.of(table, raw, uniqueKey(table)));
    }
    if (tables.containsKey(InputTable.MODEL_TRAININGS)) {
      // A model trained on a snapshot the training table does not hold cannot be traced to any record.
      tables.put(InputTable.MODEL_TRAININGS, ModelTrainings.withKnownSnapshots(tables.get(InputTable.MODEL_TRAININGS),
          rawTables.get(InputTable.TRAINING_SNAPSHOTS).select(col(TrainingSnapshots.SNAPSHOT_ID))));
    }
    return new AuditInputs(Collections.unmodifiableMap(new EnumMap<>(versions)), rawTables, tables);
  }

  /** The tables this run reads, in the contract's order. */
  public java.util.Set<InputTable> tables() {
    return versions.keySet();
  }

  /** Whether this run reads the table: always for the six required ones; for an optional one, if configured. */
  public boolean has(InputTable table) {
    return versions.containsKey(table);
  }

  /** The table validated, a key held by several rows of a table with a unique key making each invalid. */
  public ValidatedTable table(InputTable table) {
    return tables.get(table);
  }

  /**
   * The table validated row by row, without the uniqueness of its key: what the rules pass reads,
   * since it tells a duplicated key itself, in the group of that key, without a pass of its own.
   */
  public ValidatedTable rows(InputTable table) {
    return ValidatedTable.of(table, raw.get(table), Optional.empty());
  }

  /** {@link #rows(InputTable)} narrowed to the rows whose {@code key} is one of {@code keys}: every copy of a kept key. */
  ValidatedTable narrowedRows(InputTable table, String key, Dataset<Row> keys) {
    return ValidatedTable.of(table,
        raw.get(table).join(keys.select(col(key)).distinct(), Seqs.of(key), "left_semi"), Optional.empty());
  }

  /**
   * The valid rows of {@code table}, at the version this run reads, that lie in data files added
   * after version {@code since} (see {@link DeltaTables#readAddedSince}); empty when the log no
   * longer reaches back that far. Only for a table validated row by row (no unique key).
   */
  Optional<Dataset<Row>> validAddedSince(SparkSession spark, AuditConfig config, InputTable table, long since) {
    if (uniqueKey(table).isPresent()) {
      throw new IllegalArgumentException(table.tableName() + " has a unique key: its rows are not valid one by one");
    }
    return DeltaTables.readAddedSince(spark, config.location(table), since, versions.get(table))
        .map(added -> ValidatedTable.of(table, added, Optional.empty()).valid());
  }

  public Dataset<Row> valid(InputTable table) {
    return tables.get(table).valid();
  }

  /**
   * The table's rows as read, not validated, each optional column they lack added as null: for
   * finding keys whose rows are then validated (a member's record ids, say) without a validation
   * pass over the whole table.
   */
  public Dataset<Row> unvalidated(InputTable table) {
    return table.schema().withOptionalColumns(raw.get(table));
  }

  /**
   * The valid rows of {@code table} whose {@code key} is one of {@code keys}: the table is narrowed
   * before it is validated, which finds the same duplicates, since every copy of a kept key is kept.
   * For a run whose scope is small, this spares the shuffle of the whole table.
   */
  public Dataset<Row> valid(InputTable table, String key, Dataset<Row> keys) {
    return narrowed(table, rows -> rows.join(keys.select(col(key)).distinct(), Seqs.of(key), "left_semi")).valid();
  }

  /**
   * The table narrowed by {@code narrow} before it is validated, so that validation (and the JSON
   * of each invalid row) costs only what is kept. Exact when {@code narrow} keeps every copy of a
   * key it keeps, as a filter on the key does, or when the table has no unique key.
   */
  public ValidatedTable narrowed(InputTable table, UnaryOperator<Dataset<Row>> narrow) {
    return ValidatedTable.of(table, narrow.apply(raw.get(table)), uniqueKey(table));
  }

  /** The version of each table read. */
  public Map<InputTable, Long> versions() {
    return versions;
  }

  /** The version of each table read, by table name, in the contract's order. */
  public Map<String, Long> versionsByName() {
    Map<String, Long> byName = new LinkedHashMap<>();
    versions.forEach((table, version) -> byName.put(table.tableName(), version));
    return byName;
  }

  private static Optional<String> uniqueKey(InputTable table) {
    return switch (table) {
      case RECORDS -> Optional.of(Records.RECORD_ID);
      case MEMBERS -> Optional.of(Members.MEMBER_ID);
      default -> Optional.empty();
    };
  }
}
