package io.trainaudit;

import io.trainaudit.tables.ColumnSpec;
import io.trainaudit.tables.InputTable;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Builds the input tables row by row, with named builders per table, and writes them as Delta. */
public final class InputFixture {
  private final Map<InputTable, List<Row>> rows = new EnumMap<>(InputTable.class);

  public InputFixture() {
    for (InputTable table : InputTable.values()) {
      rows.put(table, new ArrayList<>());
    }
  }

  public static Timestamp ts(String instant) {
    return instant == null ? null : Timestamp.from(Instant.parse(instant));
  }

  public static Date date(String day) {
    return day == null ? null : Date.valueOf(LocalDate.parse(day));
  }

  public InputFixture training(String snapshotId, String capturedAt, String purpose, String recipient,
      String recordId, String memberId) {
    return add(InputTable.TRAINING_SNAPSHOTS, snapshotId, ts(capturedAt), purpose, recipient, recordId, memberId);
  }

  public InputFixture record(String recordId, String memberId, String type, String createdAt, String deletedAt) {
    return record(recordId, memberId, type, createdAt, deletedAt, null);
  }

  /** A record posted in a group, page or event ({@code contextId}). */
  public InputFixture record(String recordId, String memberId, String type, String createdAt, String deletedAt,
      String contextId) {
    return add(InputTable.RECORDS, recordId, memberId, type, ts(createdAt), ts(deletedAt), contextId);
  }

  public InputFixture sensitiveContext(String contextId, String category, Boolean flagged, String effectiveFrom) {
    return add(InputTable.SENSITIVE_CONTEXTS, contextId, category, flagged, ts(effectiveFrom));
  }

  public InputFixture modelTraining(String modelId, String modelVersion, String snapshotId, String trainedAt,
      String releasedAt) {
    return add(InputTable.MODEL_TRAININGS, modelId, modelVersion, snapshotId, ts(trainedAt), ts(releasedAt));
  }

  public InputFixture visibility(String recordId, String visibility, String effectiveFrom) {
    return add(InputTable.RECORD_VISIBILITY, recordId, visibility, ts(effectiveFrom));
  }

  public InputFixture consent(String eventId, String memberId, String channel, Boolean optedOut, String eventTime) {
    return add(InputTable.CONSENT_EVENTS, eventId, memberId, channel, optedOut, ts(eventTime), "ui");
  }

  public InputFixture member(String memberId, String birthDate, String closedAt) {
    return add(InputTable.MEMBERS, memberId, date(birthDate), ts(closedAt));
  }

  public InputFixture region(String memberId, String countryCode, String effectiveFrom) {
    return add(InputTable.MEMBER_REGIONS, memberId, countryCode, ts(effectiveFrom));
  }

  private InputFixture add(InputTable table, Object... values) {
    rows.get(table).add(RowFactory.create(values));
    return this;
  }

  /** Writes every table as Delta under {@code dir/<table name>}; nulls are allowed everywhere, as in real data. */
  public Path write(SparkSession spark, Path dir) {
    for (InputTable table : InputTable.values()) {
      write(spark, table, dir.resolve(table.tableName()));
    }
    return dir;
  }

  /**
   * Writes the six tables as a data set made before the contract's optional additions: records
   * without context_id, and no sensitive_contexts table.
   */
  public Path writeWithoutOptionalColumnsAndTables(SparkSession spark, Path dir) {
    for (InputTable table : InputTable.required()) {
      StructType schema = nullableSchema(table);
      int[] kept = java.util.stream.IntStream.range(0, schema.size())
          .filter(i -> !table.schema().columns().get(i).optional()).toArray();
      StructType older = DataTypes.createStructType(
          java.util.Arrays.stream(kept).mapToObj(i -> schema.fields()[i]).toArray(StructField[]::new));
      List<Row> rows = this.rows.get(table).stream()
          .map(r -> RowFactory.create(java.util.Arrays.stream(kept).mapToObj(r::get).toArray()))
          .toList();
      spark.createDataFrame(rows, older).write().format("delta").mode(SaveMode.Overwrite)
          .save(dir.resolve(table.tableName()).toString());
    }
    return dir;
  }

  public void write(SparkSession spark, InputTable table, Path location) {
    save(spark, table, location, SaveMode.Overwrite);
  }

  /** Appends this fixture's rows of one table to an existing Delta table: a new version. */
  public void append(SparkSession spark, InputTable table, Path location) {
    save(spark, table, location, SaveMode.Append);
  }

  private void save(SparkSession spark, InputTable table, Path location, SaveMode mode) {
    spark.createDataFrame(rows.get(table), nullableSchema(table)).write().format("delta").mode(mode)
        .save(location.toString());
  }

  public static StructType nullableSchema(InputTable table) {
    return DataTypes.createStructType(
        table.schema().columns().stream()
            .map(ColumnSpec::name)
            .map(name -> table.schema().column(name).orElseThrow())
            .map(c -> DataTypes.createStructField(c.name(), c.type().canonical(), true))
            .toArray(StructField[]::new));
  }
}
