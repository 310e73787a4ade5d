package io.trainaudit.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/** Questions about a Dataset's rows asked in one Spark job, and rows staged as files. */
public final class Rows {
  private Rows() {}

  /**
   * True when there are no rows: one job under a global limit. {@code Dataset.isEmpty} takes one
   * row by scanning one partition, then four times as many, and so on: on a filter that matches
   * nothing, a job per round (half a second to two on a small table, against a tenth).
   */
  public static boolean none(Dataset<?> rows) {
    return rows.limit(1).count() == 0;
  }

  /**
   * The rows written once to {@code path} as Parquet and read back: computed once however often
   * later steps read them, in files that do not change, whose size Spark knows when it plans joins.
   */
  public static Dataset<Row> staged(Dataset<Row> rows, String path) {
    rows.write().mode(SaveMode.Overwrite).parquet(path);
    return rows.sparkSession().read().parquet(path);
  }
}
