package io.trainaudit.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainaudit.AuditException;
import io.trainaudit.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delta access on tiny tables: emptiness, a table created empty, the rows added since a version,
 * and what a version that is gone or a table not in Delta says.
 */
class DeltaTablesTest {
  private final SparkSession spark = TestSpark.session();

  @Test
  void aTableIsEmptyUntilARowIsWrittenWhateverItsCommits(@TempDir Path dir) {
    String path = dir.resolve("t").toString();
    TableLocation table = new TableLocation.PathLocation(path);
    StructType schema = new StructType().add("id", DataTypes.LongType);
    spark.createDataFrame(List.of(), schema).write().format("delta").save(path);
    spark.createDataFrame(List.of(), schema).write().format("delta").mode("append").save(path);
    boolean emptyAfterTwoEmptyCommits = DeltaTables.isEmpty(spark, table);
    spark.range(3).write().format("delta").mode("append").save(path);

    assertEquals(List.of(true, false), List.of(emptyAfterTwoEmptyCommits, DeltaTables.isEmpty(spark, table)));
  }

  @Test
  void aTableCreatedEmptyIsVersionZeroWithoutFilesAndTakesNullsInEveryColumn(@TempDir Path dir) {
    TableLocation table = new TableLocation.PathLocation(dir.resolve("t").toString());
    StructType schema = new StructType().add("id", DataTypes.StringType, false).add("n", DataTypes.LongType);
    DeltaTables.createEmpty(spark, table, schema, Map.of());

    assertEquals(List.of(0L, true, List.of("id", "n")), List.of(DeltaTables.latestVersion(spark, table),
        DeltaTables.hasNoFiles(spark, table), DeltaTables.columnNames(spark, table)));
    spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(null, 1L)), DeltaTables.nullable(schema))
        .write().format("delta").mode("append").save(dir.resolve("t").toString());
    assertEquals(List.of(1L, false, 1L), List.of(DeltaTables.latestVersion(spark, table),
        DeltaTables.hasNoFiles(spark, table), DeltaTables.read(spark, table).where("id IS NULL").count()));
  }

  @Test
  void propertiesAreSetOnATableWhosePathHoldsQuotesBackticksAndAVariable(@TempDir Path dir) {
    TableLocation table = new TableLocation.PathLocation(dir.resolve("o'dd `t` ${spark.app.name}").toString());
    DeltaTables.createEmpty(spark, table, new StructType().add("id", DataTypes.StringType), Map.of("a.b", "1"));

    DeltaTables.setProperties(spark, table, Map.of("delta.enableDeletionVectors", "true", "note", "it's \\ `x`"));

    assertEquals(Map.of("a.b", "1", "delta.enableDeletionVectors", "true", "note", "it's \\ `x`"),
        DeltaTables.properties(spark, table));
    assertEquals(2L, DeltaTables.latestVersion(spark, table));
  }

  @Test
  void aVersionTheLogNoLongerHasIsSaidToBeGone(@TempDir Path dir) {
    String path = dir.resolve("t").toString();
    spark.range(1).write().format("delta").save(path);

    AuditException e = assertThrows(AuditException.class,
        () -> DeltaTables.read(spark, "records", new TableLocation.PathLocation(path), 7));

    assertTrue(e.getMessage().startsWith("Cannot read table records (path " + path + ") at version 7: the version is no"
        + " longer readable (removed by VACUUM or log cleanup?): "), e.getMessage());
  }

  @Test
  void theRowsAddedSinceAVersionAreThoseOfTheFilesWrittenAfterIt(@TempDir Path dir) {
    String path = dir.resolve("t").toString();
    TableLocation table = new TableLocation.PathLocation(path);
    spark.sql("CREATE TABLE delta.`" + path + "` (id STRING) USING delta"); // v0: no file
    // v1: one file of two rows
    spark.sql("INSERT INTO delta.`" + path + "` SELECT /*+ REPARTITION(1) */ * FROM VALUES ('a'), ('b') AS v(id)");
    spark.sql("INSERT INTO delta.`" + path + "` VALUES ('c')"); // v2
    spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')"); // v3
    spark.sql("DELETE FROM delta.`" + path + "` WHERE id = 'a'"); // v4: a's file gets a deletion vector
    spark.sql("RESTORE TABLE delta.`" + path + "` TO VERSION AS OF 3"); // v5: a's file without it, a back

    assertEquals(
        List.of(List.of("a", "b", "c"), List.of("c"), List.of("b", "c"), List.of("b"), List.of("a", "b"), List.of(),
            List.of()),
        List.of(addedSince(table, 0, 2), addedSince(table, 1, 2), addedSince(table, 1, 4), addedSince(table, 3, 4),
            addedSince(table, 4, 5), addedSince(table, 3, 5), addedSince(table, 2, 2)));
    assertEquals(Optional.empty(), DeltaTables.readAddedSince(spark, table, 6, 5));
  }

  private List<String> addedSince(TableLocation table, long since, long version) {
    return DeltaTables.readAddedSince(spark, table, since, version).orElseThrow()
        .orderBy("id").collectAsList().stream().map(row -> row.getString(0)).toList();
  }

  @Test
  void theFilesThatChangedBetweenTwoVersionsHoldTheRowsGainedAndLost(@TempDir Path dir) {
    String path = dir.resolve("t").toString();
    TableLocation table = new TableLocation.PathLocation(path);
    spark.sql("CREATE TABLE delta.`" + path + "` (id STRING) USING delta"
        + " TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')"); // v0: no file
    spark.sql("INSERT INTO delta.`" + path + "` SELECT /*+ REPARTITION(1) */ * FROM VALUES ('a'), ('b') AS v(id)"); // v1
    spark.sql("INSERT INTO delta.`" + path + "` VALUES ('c')"); // v2
    spark.sql("DELETE FROM delta.`" + path + "` WHERE id = 'a'"); // v3: a's file gets a deletion vector
    spark.sql("INSERT INTO delta.`" + path + "` VALUES ('a')"); // v4: a again, in a file of its own

    assertEquals(
        List.of(List.of(List.of("c"), List.of()), List.of(List.of("b"), List.of("a", "b")),
            List.of(List.of("a", "b"), List.of("a", "b")), List.of(List.of("a", "b", "c"), List.of()),
            List.of(List.of(), List.of())),
        List.of(changed(table, 1, 2), changed(table, 2, 3), changed(table, 2, 4), changed(table, 0, 4),
            changed(table, 4, 4)));
    assertEquals(Optional.empty(), DeltaTables.readChangedFiles(spark, "t", table, 5, 4));
  }

  @Test
  void aFileAnEarlierVersionNeedsThatVacuumRemovedIsSaidToBeGone(@TempDir Path dir) throws Exception {
    String path = dir.resolve("t").toString();
    TableLocation table = new TableLocation.PathLocation(path);
    spark.range(2).write().format("delta").save(path); // v0
    String[] firstFiles = spark.read().format("delta").load(path).inputFiles();
    spark.range(3).write().format("delta").mode("overwrite").save(path); // v1: v0's files removed
    java.nio.file.Files.delete(Path.of(java.net.URI.create(firstFiles[0]))); // as VACUUM would

    AuditException e = assertThrows(AuditException.class,
        () -> DeltaTables.readChangedFiles(spark, "records", table, 0, 1));

    assertTrue(e.getMessage().startsWith("Cannot read table records (path " + path + ") at version 0: the version is no"
        + " longer readable (removed by VACUUM or log cleanup?): "), e.getMessage());
  }

  /** The ids in the files gained and in the files lost between two versions. */
  private List<List<String>> changed(TableLocation table, long before, long after) {
    DeltaTables.ChangedFiles files = DeltaTables.readChangedFiles(spark, "t", table, before, after).orElseThrow();
    return List.of(ids(files.gained()), ids(files.lost()));
  }

  private static List<String> ids(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows) {
    return rows.orderBy("id").collectAsList().stream().map(row -> String.valueOf(row.get(0))).toList();
  }

  @Test
  void aCatalogTableInAnotherFormatIsSaidNotToBeDelta(@TempDir Path dir) {
    spark.sql("CREATE TABLE parquet_members (id BIGINT) USING parquet LOCATION '" + dir.resolve("pm").toUri() + "'");
    try {
      AuditException e = assertThrows(AuditException.class,
          () -> DeltaTables.requireDelta(spark, "members", new TableLocation.CatalogTable("parquet_members")));

      assertEquals("Cannot audit: table members (catalog table catalog:parquet_members) is not a Delta table", e.getMessage());
    } finally {
      spark.sql("DROP TABLE parquet_members");
    }
  }
}
