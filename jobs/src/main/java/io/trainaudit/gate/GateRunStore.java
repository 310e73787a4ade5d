package io.trainaudit.gate;

import io.trainaudit.audit.OutputTables;
import io.trainaudit.tables.GateRuns;
import io.trainaudit.tables.TableLocation;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** The gate_runs table: one row appended per gate run when it ends, a blind append that conflicts with nothing. */
final class GateRunStore {
  private final SparkSession spark;
  private final TableLocation location;

  GateRunStore(SparkSession spark, TableLocation location) {
    this.spark = spark;
    this.location = location;
  }

  void append(GateRun run) {
    OutputTables.ensure(spark, location, GateRuns.SCHEMA);
    OutputTables.append(spark.createDataFrame(List.of(RowFactory.create(
        run.gateRunId(),
        run.snapshotId(),
        Timestamp.from(run.startedAt()),
        Timestamp.from(run.endedAt()),
        run.status(),
        run.inputVersions(),
        run.rowsDigest(),
        run.rowsRead(),
        run.rowsQuarantined(),
        run.rowsExcluded(),
        run.findingsByRule(),
        run.policyHash(),
        run.policyJson(),
        run.codeVersion(),
        run.configFile(),
        run.clearanceFile(),
        run.message())), GateRuns.SCHEMA), location);
  }
}
