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

/** Builds the six input tables row by row, with named builders per table, and writes them as Delta. */
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
    return add(InputTable.RECORDS, recordId, memberId, type, ts(createdAt), ts(deletedAt));
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
