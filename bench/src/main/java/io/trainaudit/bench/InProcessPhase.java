package io.trainaudit.bench;

import io.trainaudit.spark.SparkSessions;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Runs every phase in this JVM, on the session it already runs (or one started once and kept): no
 * cold start, no peak memory of its own. For checking the harness, never for figures.
 */
final class InProcessPhase implements PhaseRunner {
  @Override
  public PhaseResult run(Phases phase, String name, Map<String, String> values) {
    System.out.printf("bench: %-28s ... (in process)%n", name);
    SparkSession spark = phase.needsSpark() ? session() : null;
    PhaseResult outcome = phase.measure(spark, new Phases.Args(values), Instant.now());
    System.out.printf("bench: %-28s %8.1f s  (in process)%n", name, outcome.seconds());
    return outcome;
  }

  private static SparkSession session() {
    return SparkSessions.create(Map.of(), "trainaudit bench in process");
  }
}
