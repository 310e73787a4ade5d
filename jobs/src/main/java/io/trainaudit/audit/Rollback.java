package io.trainaudit.audit;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.TableLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a run all or nothing across the tables it writes. A run records the versions of the
 * findings, quarantine and model_impact tables before it first writes to any of them (in the row
 * that takes its lease); a run that fails, or that a later run finds
 * killed (still "running" with its lease expired or its process gone), is rolled back to those versions with
 * Delta RESTORE, so the next run completes as if it had never happened.
 */
final class Rollback {
  private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);
  static final String FINDINGS = "findings";
  private static final String QUARANTINE = "quarantine";
  private static final String MODEL_IMPACT = "model_impact";

  private final SparkSession spark;
  private final AuditConfig config;

  Rollback(SparkSession spark, AuditConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Creates the output tables if needed and returns their current versions. */
  Map<String, Long> outputVersions() {
    FindingsStore.ensure(spark, config.output().findings());
    OutputTables.ensure(spark, config.output().quarantine(), QuarantineStore.SCHEMA);
    OutputTables.ensure(spark, config.output().modelImpact(), ModelImpactJob.SCHEMA);
    return versions();
  }

  /**
   * The output tables' current versions, read from their logs, creating none: a table not created
   * yet counts as version 0, the empty version a run creates before it writes there.
   */
  Map<String, Long> versions() {
    Map<String, Long> versions = new LinkedHashMap<>();
    versions.put(FINDINGS, versionOrZero(config.output().findings()));
    versions.put(QUARANTINE, versionOrZero(config.output().quarantine()));
    versions.put(MODEL_IMPACT, versionOrZero(config.output().modelImpact()));
    return versions;
  }

  private long versionOrZero(TableLocation location) {
    return DeltaTables.exists(spark, location) ? DeltaTables.latestVersion(spark, location) : 0L;
  }

  /** Returns the output tables to the versions a run began with; returns what it restored. */
  String restore(Map<String, Long> versions) {
    return restore(FINDINGS, config.output().findings(), versions.get(FINDINGS)) + ", "
        + restore(QUARANTINE, config.output().quarantine(), versions.get(QUARANTINE))
        // A run recorded before model_impact existed wrote nothing there.
        + (versions.containsKey(MODEL_IMPACT)
            ? ", " + restore(MODEL_IMPACT, config.output().modelImpact(), versions.get(MODEL_IMPACT)) : "");
  }

  /** Rolls back the runs a crash or kill left "running". Call only while holding the lease. */
  void recoverAbandonedRuns(RunStore runs, RunLease lease) {
    for (RunRecord run : lease.dead()) {
      lease.check();
      String runId = run.runId();
      String restored = restore(run.versions().outputs());
      deleteQuietly(config.output().reports().resolve(runId));
      AuditJob.deleteStaging(spark, config.output().staging() + "/" + runId + "/findings");
      runs.abandoned(runId, "found still running by a later run (killed or crashed); rolled back: " + restored);
      LOG.warn("Run {} was killed or crashed; its writes were rolled back ({})", runId, restored);
    }
  }

  private String restore(String name, TableLocation location, Long version) {
    if (!DeltaTables.exists(spark, location)) {
      // The run died before it created the table.
      return name + " not created";
    }
    long current = DeltaTables.latestVersion(spark, location);
    if (version == null || current <= version) {
      // Nothing written since the run began, or it died before it recorded where it began.
      return name + " unchanged at v" + current;
    }
    DeltaTables.handle(spark, location).restoreToVersion(version);
    return name + " v" + current + " -> v" + version;
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (java.io.IOException e) {
      LOG.warn("Cannot remove the report folder {} of an abandoned run: {}", dir, e.getMessage());
    }
  }
}
