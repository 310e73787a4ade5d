package io.trainaudit.spark;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the auditor's SparkSession: Delta enabled, time zone pinned to UTC, and in local mode a
 * quiet session with the UI off. Any {@code spark.*} setting of the config wins over these defaults,
 * except the master: one set by the launcher ({@code spark-submit --master}) is never overridden.
 */
public final class SparkSessions {
  private static final String MASTER = "spark.master";
  /** A quiet local session on loopback, tuned for one machine. */
  private static final Map<String, String> LOCAL_DEFAULTS = Map.of(
      "spark.ui.enabled", "false",
      "spark.ui.showConsoleProgress", "false",
      "spark.sql.shuffle.partitions", "8",
      // Delta rebuilds each table's state from its log in 50 tasks by default: for one machine, a few do it faster.
      "spark.databricks.delta.snapshotPartitions", "4",
      "spark.driver.host", "127.0.0.1",
      "spark.driver.bindAddress", "127.0.0.1");

  private SparkSessions() {}

  /**
   * Creates the session with the given settings on top of the auditor's defaults, or joins the one
   * this JVM already runs (a notebook's, an application's, a test's): that session keeps its own
   * machine tuning, and gets the auditor's semantics and the configured settings it can change.
   */
  public static SparkSession create(Map<String, String> configured, String appName) {
    Optional<SparkSession> running = running();
    if (running.isPresent()) {
      return joined(running.get(), configured);
    }
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    settings(configured).forEach(builder::config);
    return builder.getOrCreate();
  }

  private static Optional<SparkSession> running() {
    if (SparkSession.getActiveSession().isDefined()) {
      return Optional.of(SparkSession.getActiveSession().get());
    }
    return SparkSession.getDefaultSession().isDefined()
        ? Optional.of(SparkSession.getDefaultSession().get())
        : Optional.empty();
  }

  private static SparkSession joined(SparkSession session, Map<String, String> configured) {
    Map<String, String> settings = settings(configured);
    LOCAL_DEFAULTS.keySet().stream().filter(key -> !configured.containsKey(key)).forEach(settings::remove);
    settings.forEach((key, value) -> {
      if (session.conf().isModifiable(key)) {
        session.conf().set(key, value);
      }
    });
    return session;
  }

  /**
   * The settings the session gets: the auditor's defaults overlaid with the configured ones, under
   * the master the launcher chose, if any ({@code spark-submit} sets the system property).
   */
  public static Map<String, String> settings(Map<String, String> configured) {
    return settings(configured, Optional.ofNullable(System.getProperty(MASTER)));
  }

  /**
   * The settings the session gets when the launcher set {@code launcherMaster}: that master wins
   * over the configuration's, which wins over {@code local[*]}.
   */
  public static Map<String, String> settings(Map<String, String> configured, Optional<String> launcherMaster) {
    Map<String, String> settings = new TreeMap<>();
    String master = launcherMaster.orElse(configured.getOrDefault(MASTER, "local[*]"));
    settings.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    settings.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    settings.put("spark.sql.session.timeZone", "UTC");
    settings.put("spark.sql.ansi.enabled", "false");
    settings.put("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    // Each history is sorted by key for its windows: collected by a sort-based aggregate, it stays
    // sorted, so its join needs no second sort (a hash aggregate loses the order; 14% of the rules pass).
    settings.put("spark.sql.execution.useObjectHashAggregateExec", "false");
    if (master.startsWith("local")) {
      settings.putAll(LOCAL_DEFAULTS);
    }
    settings.putAll(configured);
    settings.put(MASTER, master);
    // The contract's timestamps are UTC whatever the configuration says.
    settings.put("spark.sql.session.timeZone", "UTC");
    // Validation quarantines a value that does not convert; ANSI casts would fail the whole run instead.
    settings.put("spark.sql.ansi.enabled", "false");
    return settings;
  }
}
