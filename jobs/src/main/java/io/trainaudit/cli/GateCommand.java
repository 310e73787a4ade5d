package io.trainaudit.cli;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.gate.GateJob;
import io.trainaudit.gate.GateResult;
import io.trainaudit.gate.GateStatus;
import io.trainaudit.spark.SparkSessions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit gate}: the pre-training gate of one candidate snapshot. */
@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    description = "Gate one candidate snapshot before training: evaluate its rows in training_snapshots with the"
        + " audit's rules, as-of semantics and quarantine, replace its rows of the exclusion table"
        + " (output.exclusions), and sign a clearance into output.clearances when nothing is to be excluded. The"
        + " audit's findings, quarantine and audit_runs are not touched; the run is recorded in output.gate_runs."
        + " Exit 0: cleared, the clearance's path on the last line; 1: rows to exclude (counts by rule); 2 and"
        + " above: the gate failed. docs/gate.md describes the flow.")
public final class GateCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The audit configuration (YAML).")
  Path config;

  @Option(names = "--snapshot", required = true, paramLabel = "ID",
      description = "The candidate's snapshot_id: its rows are in training_snapshots, not yet trained on.")
  String snapshot;

  @Override
  public Integer call() {
    AuditConfig loaded = ConfigLoader.load(config);
    GateResult result = new GateJob(SparkSessions.create(loaded.spark(), "trainaudit gate"), loaded, snapshot).run();
    print(result, System.out);
    return result.status().exitCode();
  }

  static void print(GateResult result, PrintStream out) {
    boolean cleared = result.status() == GateStatus.CLEARED;
    out.println((cleared ? "CLEARED" : "EXCLUSIONS NEEDED") + " snapshot " + result.snapshotId() + " (gate run "
        + result.gateRunId() + ")");
    out.println(String.format(Locale.ROOT, "  rows read %,d = audited %,d + quarantined %,d + duplicate %,d",
        result.coverage().rowsRead(), result.coverage().rowsAudited(), result.coverage().rowsQuarantined(),
        result.coverage().rowsDuplicate()));
    out.println(String.format(Locale.ROOT, "  findings: %,d violation(s), %,d unverifiable%s", result.violations(),
        result.unverifiable(), result.excludeUnverifiable() || result.unverifiable() == 0 ? ""
            : " (not excluded: policy.gate_exclude_unverifiable is false)"));
    result.findingsByRule().entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .forEach(e -> out.println(String.format(Locale.ROOT, "    %-26s %,12d", e.getKey(), e.getValue())));
    if (!result.invalidRowsByReason().isEmpty()) {
      out.println("  invalid rows (quarantined, excluded):");
      for (Map.Entry<String, Long> e : result.invalidRowsByReason().entrySet()) {
        out.println(String.format(Locale.ROOT, "    %-60s %,8d", e.getKey(), e.getValue()));
      }
    }
    out.println(String.format(Locale.ROOT, "  rows to exclude: %,d, in %s (gate_run_id %s)", result.rowsExcluded(),
        result.exclusions().display(), result.gateRunId()));
    out.println("  rows digest: " + result.rowsDigest());
    if (cleared) {
      out.println(result.clearanceFile());
    }
  }
}
