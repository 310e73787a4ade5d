package io.trainaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line's parsing and exit codes, without Spark: nothing here gets far enough to start it. */
class AuditCliTest {
  private static final List<String> EXIT_CODES = List.of(
      "Exit codes:",
      "  0    the audit found no violation; gate: the snapshot is cleared; member: the statement is written",
      "  1    the audit found violations; gate: rows to exclude",
      "  2    usage error (wrong command or options); member: no table holds the member id or pseudonym",
      "  3    invalid configuration (missing, unreadable, not YAML, or failing validation)",
      "  4    an input table is missing, not Delta, lacks a column or has an incompatible type, or a pinned"
          + " version is no longer readable",
      "  5    an input or output could not be read or written",
      "  6    coverage did not reconcile",
      "  7    another run is in progress on the same outputs",
      "  8    reproduce: the re-evaluated result differs from the recorded one",
      "  9    internal error (a bug: please report it with the output above)",
      "  10   verify: the evidence package is not verified (tampered, incomplete, extra files or links, broken chain)",
      "  11   verify: the package is intact but its signer is not trusted (no --public-key, not pinned with --trust)",
      "  12   notebooks: a notebook cell failed (its executed notebook shows the error)",
      "  13   bin/audit could not build the auditor");

  /** A command that dies of an Error, as a recursive structure's StackOverflowError would. */
  @Command(name = "overflow")
  static final class Overflow implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new StackOverflowError("deep");
    }
  }

  @Test
  void everyCommandsHelpListsEveryExitCode() {
    CommandLine cli = AuditCli.commandLine();
    List<String> commands = cli.getSubcommands().keySet().stream().filter(c -> !c.equals("help")).toList();
    assertTrue(commands.contains("run") && commands.contains("verify") && commands.contains("gate"), commands.toString());
    for (String command : commands) {
      Outcome help = run(AuditCli.commandLine(), command, "--help");
      assertEquals(0, help.code(), command);
      // picocli wraps long meanings onto indented continuation lines; join them back.
      List<String> lines = List.of(help.out().replaceAll("\\n {9}(?=\\S)", " ").split("\\n"));
      int heading = lines.indexOf("Exit codes:");
      assertTrue(heading > 0, command + " --help has no exit codes:\n" + help.out());
      assertEquals(EXIT_CODES, lines.subList(heading, heading + EXIT_CODES.size()), command);
    }
  }

  @Test
  void anErrorThatEscapesACommandIsAnInternalErrorNeverAVerdict() {
    CommandLine cli = AuditCli.commandLine();
    cli.addSubcommand("overflow", new CommandLine(new Overflow()));
    Outcome outcome = run(cli, "overflow");
    assertEquals(9, outcome.code());
    assertTrue(outcome.err().startsWith("audit: internal error: java.lang.StackOverflowError: deep\n"), outcome.err());
  }

  @Test
  void aRecursiveYamlAliasIsAnInvalidConfiguration(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("audit.yaml"), "policy:\n  excluded_record_types: &t [salary, *t]\n");
    Outcome outcome = run(AuditCli.commandLine(), "run", "--config", config.toString());
    assertEquals(3, outcome.code());
    assertEquals("audit: Cannot load configuration " + config + ": 2 problem(s)\n"
        + "  " + config + ": policy.excluded_record_types[1]: a YAML alias refers to a collection that contains it"
        + " (recursive alias)\n"
        + "  " + config + ": policy.excluded_record_types: expected a list of strings, but an element is nothing\n",
        outcome.err());
  }

  @Test
  void exclusiveOptionsAreAUsageError(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("audit.yaml"), "{}\n");
    Outcome outcome = run(AuditCli.commandLine(), "run", "--config", config.toString(), "--full", "--snapshots", "s1");
    assertEquals(2, outcome.code());
    assertEquals("audit: Cannot run: --full and --snapshots exclude each other\n", outcome.err());
  }

  @Test
  void aGateNeedsASnapshotAndVerifyChecksTheRowsOfAClearanceOnly(@TempDir Path dir) throws Exception {
    Outcome noSnapshot = run(AuditCli.commandLine(), "gate", "--config", "x.yaml");
    assertEquals(2, noSnapshot.code());
    assertTrue(noSnapshot.err().startsWith("Missing required option: '--snapshot=ID'"), noSnapshot.err());
    Path config = Files.writeString(dir.resolve("audit.yaml"), "{}\n");
    Path key = dir.resolve("keys/evidence-signing-key.pem");
    io.trainaudit.evidence.SigningKeys.create(key);
    Path pkg = Files.createDirectories(dir.resolve("package"));
    Outcome rowsOfAPackage = run(AuditCli.commandLine(), "verify", pkg.toString(), "--public-key",
        io.trainaudit.evidence.SigningKeys.publicKeyFile(key).toString(), "--snapshot-of", config.toString());
    assertEquals(2, rowsOfAPackage.code());
    assertEquals("audit: Cannot verify " + pkg + ": --snapshot-of checks a clearance file, not an evidence package"
        + " folder\n", rowsOfAPackage.err());
    Path clearance = Files.writeString(dir.resolve("c.clearance.json"), "{}\n");
    Outcome chainOfAClearance = run(AuditCli.commandLine(), "verify", clearance.toString(), "--previous", pkg.toString());
    assertEquals(2, chainOfAClearance.code());
    assertEquals("audit: Cannot verify the clearance " + clearance + ": --previous checks the chain of evidence"
        + " packages; a clearance has none\n", chainOfAClearance.err());
  }

  @Test
  void anUnknownOptionIsAUsageErrorWithTheUsage() {
    Outcome outcome = run(AuditCli.commandLine(), "run", "--config", "x", "--confg");
    assertEquals(2, outcome.code());
    assertTrue(outcome.err().startsWith("Unknown option: '--confg'"), outcome.err());
  }

  private record Outcome(int code, String out, String err) {}

  private static Outcome run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = AuditCli.execute(cli, args);
    return new Outcome(code, out.toString(), err.toString());
  }
}
