package io.trainaudit.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything one {@code bench/run.sh SCALE} measured: kept as JSON per scale, so that RESULTS.md
 * shows every scale measured, each with the command that reproduces it.
 *
 * @param scale the scale's label
 * @param measuredAt when the run ended
 * @param command the command that reproduced it
 * @param machine where it ran
 * @param heap the heap of every Spark JVM and DuckDB's memory limit
 * @param data rows and bytes of each input table, and the night added for the incremental run
 * @param generation the generator's run (measured once per data set)
 * @param timings every measured run of each contender, in run order
 * @param checks the findings comparisons
 * @param contenders the contenders measured (a run with {@code --only}); null for every one
 */
public record ScaleResults(String scale, Instant measuredAt, String command, Machine machine, String heap,
    Map<String, Object> data, PhaseResult generation, Map<String, List<PhaseResult>> timings, List<Check> checks,
    List<String> contenders) {
  static final String SCAN = "scan";
  static final String AUDIT_FULL = "audit_full";
  static final String AUDIT_INCREMENTAL = "audit_incremental";
  static final String AUDIT_QUIET = "audit_quiet_night";
  /** A quiet night measured in a JVM that has just run one: the quiet night without the cold start. */
  static final String AUDIT_QUIET_WARM = "audit_quiet_night_warm";
  /** The nightly run after the fixed night ({@link Night#FIXED_ROWS} new rows, the same late opt-outs). */
  static final String AUDIT_FIXED = "audit_fixed_night";
  /** The same fixed night on the 1M history, measured in the same run for a larger scale. */
  static final String AUDIT_FIXED_1M = "audit_fixed_night_on_1M";
  static final String NAIVE = "naive_spark_sql";
  static final String DUCKDB = "duckdb";
  static final String GATE = "gate";
  static final String MEMBER = "member";
  static final List<String> CONTENDERS =
      List.of(AUDIT_FULL, AUDIT_INCREMENTAL, AUDIT_QUIET, AUDIT_QUIET_WARM, AUDIT_FIXED, AUDIT_FIXED_1M, GATE, MEMBER,
          SCAN, NAIVE, DUCKDB);

  /** The contenders this run measured, in the results file's order. */
  @JsonIgnore
  List<String> measured() {
    // A results file written before a contender existed has no timings for it: it was not measured.
    return CONTENDERS.stream()
        .filter(c -> contenders == null ? timings.containsKey(c) : contenders.contains(c))
        .toList();
  }

  /** True for a run of some contenders only ({@code --only}). */
  @JsonIgnore
  boolean partial() {
    return contenders != null && !contenders.containsAll(CONTENDERS);
  }

  /** The median of a contender's work times; NaN if it was not measured. */
  double median(String contender) {
    return median(timings.getOrDefault(contender, List.of()).stream().map(PhaseResult::seconds).toList());
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  long peakRss(String contender) {
    return timings.getOrDefault(contender, List.of()).stream().mapToLong(PhaseResult::peakRssBytes).max().orElse(0);
  }

  double ratio(String numerator, String denominator) {
    return median(numerator) / median(denominator);
  }

  @JsonIgnore
  boolean findingsAgree() {
    return checks.stream().allMatch(Check::passed);
  }

  /** Saved as {@code <scale>.json}, or {@code <scale>-only-<contenders>.json} for a partial run: a full run's file stays. */
  void save(Path resultsDir) {
    String name = scale.toLowerCase(Locale.ROOT) + (partial() ? "-only-" + String.join("-", measured()) : "");
    Phases.Json.write(resultsDir.resolve(name + ".json"), this);
  }

  String summary() {
    String times = measured().stream()
        .map(c -> String.format(Locale.ROOT, "  %-18s median %7.1f s  peak %s", c, median(c), Bytes.gib(peakRss(c))))
        .collect(Collectors.joining("\n"));
    String agreement = checks.stream().map(c -> "  " + (c.passed() ? "same" : "DIFFERENT") + ": " + c.name())
        .collect(Collectors.joining("\n"));
    return "Benchmark " + scale + "\n" + times + "\n" + agreement;
  }
}
