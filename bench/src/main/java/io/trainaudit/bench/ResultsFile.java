package io.trainaudit.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Rewrites RESULTS.md from every scale's results JSON. The notes below the {@link #NOTES_MARKER}
 * (what was profiled and tried) are written by hand and kept across runs.
 */
final class ResultsFile {
  static final String NOTES_MARKER = "<!-- Hand-written notes below this line are kept when the harness rewrites the file. -->";

  /** A target of the issue: {@code numerator/denominator} at most (or at least) {@code bound}. */
  private record Target(String name, String numerator, String denominator, double bound, boolean atMost) {
    boolean met(ScaleResults results) {
      double ratio = results.ratio(numerator, denominator);
      return !Double.isNaN(ratio) && (atMost ? ratio <= bound : ratio >= bound);
    }

    boolean measured(ScaleResults results) {
      return results.measured().contains(numerator) && results.measured().contains(denominator);
    }

    String goal() {
      return (atMost ? "≤ " : "≥ ") + format(bound);
    }
  }

  private static final List<Target> TARGETS = List.of(
      new Target("audit / scan", ScaleResults.AUDIT_FULL, ScaleResults.SCAN, 3, true),
      new Target("naive / audit", ScaleResults.NAIVE, ScaleResults.AUDIT_FULL, 5, false),
      new Target("audit / DuckDB", ScaleResults.AUDIT_FULL, ScaleResults.DUCKDB, 2, true),
      new Target("incremental / full", ScaleResults.AUDIT_INCREMENTAL, ScaleResults.AUDIT_FULL, 0.15, true),
      new Target("quiet night / full", ScaleResults.AUDIT_QUIET, ScaleResults.AUDIT_FULL, 0.15, true),
      new Target("quiet night in a warm JVM / full", ScaleResults.AUDIT_QUIET_WARM, ScaleResults.AUDIT_FULL, 0.15,
          true),
      new Target("fixed night / the same on 1M", ScaleResults.AUDIT_FIXED, ScaleResults.AUDIT_FIXED_1M, 1.3, true),
      new Target("gate / incremental", ScaleResults.GATE, ScaleResults.AUDIT_INCREMENTAL, 1, true),
      new Target("member / full", ScaleResults.MEMBER, ScaleResults.AUDIT_FULL, 0.2, true));
  private static final double MEMORY_TARGET_GIB = 8;

  private ResultsFile() {}

  static void write(Path resultsDir, Path markdown) {
    List<ScaleResults> scales = load(resultsDir);
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark results\n\n")
        .append("Written by `bench/run.sh SCALE` (do not edit above the notes marker). Each contender runs in a JVM")
        .append(" of its own, started cold; its time is the work's, from a started Spark session (or DuckDB")
        .append(" connection) to its last write, and the figure is the median of the runs listed. Peak memory is")
        .append(" the process's peak resident set (VmHWM), heap, native buffers and DuckDB included.\n\n")
        .append("- **audit full**: `AuditJob` with `--full` semantics on fresh output tables: inventory, rules,")
        .append(" quarantine, findings merge, audit_runs, summary and report.\n")
        .append("- **audit incremental**: the nightly run after one more night (about 1% new training rows in a new")
        .append(" snapshot, and late opt-outs in force since a month before the last snapshot), on a copy of the")
        .append(" data and of the full run's outputs.\n")
        .append("- **audit quiet night**: the nightly run once more right after it, on the same copy: nothing new")
        .append(" to audit, what every run pays whatever the night brought.\n")
        .append("- **audit quiet night warm**: the same quiet night in a JVM that has just run one, unmeasured: what")
        .append(" a quiet night costs without the cold start of the JVM and of Spark's and Delta's code paths (its")
        .append(" time with JVM and Spark start includes that first run).\n")
        .append("- **audit fixed night**: the nightly run after a night of the same size at every scale (")
        .append(String.format(Locale.ROOT, "%,d", Night.FIXED_ROWS))
        .append(" new training rows in a new snapshot, and the same late opt-outs), on a copy of the data and of")
        .append(" the full run's outputs; **audit fixed night on 1M**: the same night on the 1M history, measured")
        .append(" in the same run of a larger scale. Their ratio says whether a night's cost grows with the history.\n")
        .append("- **gate**: `GateJob` (`bin/audit gate`) of the night's new snapshot, on the same copy, just before")
        .append(" that nightly run: the audit's rules on the candidate's rows, its exclusions written, the run")
        .append(" recorded (and a clearance signed when nothing is to be excluded).\n")
        .append("- **member**: `MemberStatementJob` (`bin/audit member`) of one planted member (opted out before the")
        .append(" last capture) after the full audit, on its outputs: that member's rows read with filters on the")
        .append(" member's id and records, the statement written as JSON, HTML and PDF.\n")
        .append("- **scan**: every column the audit reads (all declared columns of the seven Delta tables) read")
        .append(" at the same versions in the same session settings, written to Spark's `noop` sink.\n")
        .append("- **naive Spark SQL**: the fourteen rules written the obvious way, one query per rule, as-of state")
        .append(" by range join and latest-row pick (`bench/src/main/resources/bench/naive`).\n")
        .append("- **DuckDB**: the same rules with ASOF joins on the same Parquet files, threads = cores, memory")
        .append(" limit = the Spark heap (`bench/src/main/resources/bench/duckdb`).\n\n")
        .append("The harness fails unless the full audit's findings equal the generator's ground truth, the naive")
        .append(" job's and DuckDB's, unless the incremental run's findings equal DuckDB's over all data (and")
        .append(" still do after the quiet night), and")
        .append(" unless the gate excluded exactly the rows, with the rules, that the nightly run then found in the")
        .append(" night's snapshot. The DuckDB runs over all the data after a night only check findings and are")
        .append(" not measured: their memory limit is twice the heap. A run of some contenders only (`--only`) has a")
        .append(" section of its own.\n\n");
    for (ScaleResults scale : scales) {
      scale(md, scale);
    }
    md.append(NOTES_MARKER).append('\n').append(keptNotes(markdown));
    try {
      Files.writeString(markdown, md);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + markdown, e);
    }
  }

  private static void scale(StringBuilder md, ScaleResults s) {
    Machine m = s.machine();
    String only = s.partial() ? " --only " + String.join(",", s.measured()) : "";
    int measuredRuns =
        s.measured().stream().mapToInt(c -> s.timings().getOrDefault(c, List.of()).size()).max().orElse(0);
    String runsOption = String.valueOf(measuredRuns).equals(BenchCli.DEFAULT_RUNS) ? "" : " --runs " + measuredRuns;
    md.append("## ").append(s.scale()).append(" training rows")
        .append(s.partial() ? ": " + String.join(" and ", s.measured()).replace('_', ' ') + " only" : "")
        .append("\n\n")
        .append("Reproduce: `").append(s.command()).append(' ').append(s.scale()).append(only).append(runsOption)
        .append("` — measured ")
        .append(s.measuredAt()).append(".\n\n")
        .append("Machine: ").append(m.cpu()).append(", ").append(m.cores()).append(" cores, ")
        .append(Bytes.gib(m.memoryBytes())).append(" RAM; ").append(m.os()).append("; ").append(m.java())
        .append("; Spark ").append(m.spark()).append(", DuckDB ").append(m.duckdb()).append("; heap and DuckDB")
        .append(" memory limit ").append(s.heap()).append(".\n\n");

    md.append("| table | rows | on disk |\n|---|---:|---:|\n");
    for (String table : List.of("training_snapshots", "records", "record_visibility", "consent_events", "members",
        "member_regions")) {
      md.append("| ").append(table).append(" | ").append(count(s.data().get("rows." + table))).append(" | ")
          .append(Bytes.mib(((Number) s.data().getOrDefault("bytes." + table, 0)).longValue())).append(" |\n");
    }
    md.append("\nThe night: ").append(count(s.data().get("night_training_rows"))).append(" new training rows, ")
        .append(count(s.data().get("late_opt_outs"))).append(" late opt-outs")
        .append(s.data().containsKey("fixed_night_training_rows") ? "; the fixed night: "
            + count(s.data().get("fixed_night_training_rows")) + " new training rows, "
            + count(s.data().get("fixed_late_opt_outs")) + " late opt-outs" : "")
        .append(". Data generated in ")
        .append(format(s.generation().seconds())).append(" s.\n\n");

    md.append("| contender | median (s) | runs (s) | with JVM and Spark start (s) | peak memory |\n")
        .append("|---|---:|---|---:|---:|\n");
    for (String contender : s.measured()) {
      List<PhaseResult> runs = s.timings().getOrDefault(contender, List.of());
      md.append("| ").append(contender.replace('_', ' ')).append(" | ").append(format(s.median(contender)))
          .append(" | ").append(runs.stream().map(r -> format(r.seconds())).collect(Collectors.joining(", ")))
          .append(" | ").append(format(ScaleResults.median(runs.stream().map(PhaseResult::processSeconds).toList())))
          .append(" | ").append(Bytes.gib(s.peakRss(contender))).append(" |\n");
    }
    md.append("\n| target | goal | measured | met |\n|---|---|---:|---|\n");
    for (Target t : TARGETS) {
      if (!t.measured(s)) {
        continue;
      }
      double ratio = s.ratio(t.numerator(), t.denominator());
      md.append("| ").append(t.name()).append(" | ").append(t.goal()).append(" | ").append(format(ratio))
          .append(" | ").append(Double.isNaN(ratio) ? "n/a" : t.met(s) ? "yes" : "**no**").append(" |\n");
    }
    double peak = s.measured().stream().filter(c -> c.startsWith("audit")).mapToLong(s::peakRss).max()
        .orElse(0) / (double) (1L << 30);
    md.append("| audit peak memory | < ").append(format(MEMORY_TARGET_GIB)).append(" GiB | ")
        .append(format(peak)).append(" GiB | ").append(peak < MEMORY_TARGET_GIB ? "yes" : "**no**").append(" |\n\n");

    md.append("| check | result |\n|---|---|\n");
    for (Check c : s.checks()) {
      md.append("| ").append(c.name()).append(" | ").append(c.passed() ? "same" : "**different**").append(": ")
          .append(count(c.facts().get("audit_findings"))).append(" vs ").append(count(c.facts().get("other_findings")))
          .append(" findings |\n");
    }
    md.append('\n');
  }

  private static List<ScaleResults> load(Path resultsDir) {
    if (!Files.isDirectory(resultsDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(resultsDir)) {
      List<ScaleResults> scales = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        scales.add(Phases.Json.read(file, new TypeReference<ScaleResults>() {}));
      }
      scales.sort(Comparator.comparingInt((ScaleResults r) -> Scale.of(r.scale()).ordinal())
          .thenComparing(ScaleResults::partial));
      return scales;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + resultsDir, e);
    }
  }

  private static String keptNotes(Path markdown) {
    try {
      if (!Files.exists(markdown)) {
        return "";
      }
      String text = Files.readString(markdown);
      int marker = text.indexOf(NOTES_MARKER);
      return marker < 0 ? "" : text.substring(marker + NOTES_MARKER.length()).replaceFirst("^\n", "");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + markdown, e);
    }
  }

  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return value >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String count(Object value) {
    return value instanceof Number n ? String.format(Locale.ROOT, "%,d", n.longValue()) : "n/a";
  }
}
