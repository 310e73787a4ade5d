package io.trainaudit.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bench/run.sh}'s entry point: the whole benchmark of one scale, or one phase in a child JVM. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    subcommands = {BenchCli.Run.class, BenchCli.Phase.class, BenchCli.Results.class},
    description = "The audit measured against a bare scan, a naive Spark SQL job and DuckDB.")
public final class BenchCli {
  /** Measured runs of each phase when {@code --runs} is not given. */
  static final String DEFAULT_RUNS = "3";

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCli()).execute(args));
  }

  /** Generates (or reuses) the data of one scale, measures every phase, checks findings, writes the results. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Measure one scale and rewrite bench/RESULTS.md.")
  static final class Run implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCALE", description = "tiny, 1M, 10M or 100M (training rows).")
    String scale;

    @Option(names = "--runs", defaultValue = DEFAULT_RUNS,
        description = "Measured runs of each phase (median reported).")
    int runs;

    @Option(names = "--heap", defaultValue = "4g",
        description = "Heap of every Spark JVM, and DuckDB's memory limit (default ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--work", required = true, description = "Where data, outputs and logs go.")
    Path work;

    @Option(names = "--results-dir", required = true, description = "Where each scale's results JSON is kept.")
    Path resultsDir;

    @Option(names = "--results-md", required = true, description = "The Markdown results file to rewrite.")
    Path resultsMarkdown;

    @Option(names = "--command", defaultValue = "bench/run.sh",
        description = "How the results file says the benchmark is reproduced.")
    String command;

    @Option(names = "--only", split = ",", paramLabel = "CONTENDER",
        description = "Measure only these contenders (e.g. gate,audit_incremental), into a results file of their"
            + " own beside the full run's.")
    java.util.Set<String> only = new java.util.TreeSet<>();

    @Option(names = "--in-process",
        description = "Run every phase in this JVM on one session: a quick check of the harness and of the"
            + " engines' agreement. Its times are warm and its memory is not each phase's own: not figures.")
    boolean inProcess;

    @Override
    public Integer call() {
      BenchRun.Settings settings = new BenchRun.Settings(Scale.of(scale), runs, heap,
          Runtime.getRuntime().availableProcessors(), work.toAbsolutePath().normalize(), command, only);
      ScaleResults results = new BenchRun(settings, inProcess ? new InProcessPhase() : null).run();
      results.save(resultsDir);
      ResultsFile.write(resultsDir, resultsMarkdown);
      System.out.println(results.summary());
      System.out.println("Results: " + resultsMarkdown.toAbsolutePath().normalize());
      return results.findingsAgree() ? 0 : 1;
    }
  }

  /** Rewrites the results file from the results JSON files, e.g. after its notes were edited. */
  @Command(name = "results", mixinStandardHelpOptions = true,
      description = "Rewrite bench/RESULTS.md from bench/results/*.json, measuring nothing.")
  static final class Results implements Callable<Integer> {
    @Option(names = "--results-dir", required = true, description = "Where each scale's results JSON is kept.")
    Path resultsDir;

    @Option(names = "--results-md", required = true, description = "The Markdown results file to rewrite.")
    Path resultsMarkdown;

    @Override
    public Integer call() {
      ResultsFile.write(resultsDir, resultsMarkdown);
      return 0;
    }
  }

  /** One phase, in this JVM; the harness runs each in a child JVM of its own. */
  @Command(name = "phase", hidden = true)
  static final class Phase implements Callable<Integer> {
    @Parameters(index = "0")
    Phases phase;

    @Option(names = "--result", required = true)
    Path result;

    @Option(names = "--set")
    Map<String, String> values = new LinkedHashMap<>();

    @Override
    public Integer call() {
      java.time.Instant started = ProcessHandle.current().info().startInstant().orElseGet(java.time.Instant::now);
      PhaseResult outcome = phase.run(new Phases.Args(values), started);
      Phases.Json.write(result, outcome);
      return 0;
    }
  }
}
