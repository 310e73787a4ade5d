package io.trainaudit.cli;

import io.trainaudit.AuditException;
import io.trainaudit.CodeVersion;
import io.trainaudit.ErrorCode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code bin/audit COMMAND [OPTIONS]}. Commands parse, load the config and call a job. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = AuditCli.Version.class,
    description = "Proves, per training snapshot, that every record was checked against the consent, age, privacy"
        + " and regional promises, or lists exactly which broke one and why.",
    subcommands = {
      RunCommand.class,
      GateCommand.class,
      ReproduceCommand.class,
      ReportCommand.class,
      ExportCommand.class,
      VerifyCommand.class,
      KeysCommand.class,
      GenerateCommand.class,
      DemoCommand.class,
      NotebooksCommand.class,
      MemberCommand.class,
      CommandLine.HelpCommand.class
    })
public final class AuditCli {
  public static void main(String[] args) {
    int code = execute(args);
    // A YARN application master takes System.exit as a failure, even exit 0: there success means returning.
    if (code != 0 || !"cluster".equals(System.getProperty("spark.submit.deployMode"))) {
      System.exit(code);
    }
  }

  /** Runs the command line and returns its exit code. */
  public static int execute(String... args) {
    return execute(commandLine(), args);
  }

  /** The command line with every command, each listing the exit codes in its {@code --help}. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new AuditCli())
        .setExecutionExceptionHandler(AuditCli::handle)
        .setParameterExceptionHandler((e, a) -> {
          e.getCommandLine().getErr().println(e.getMessage());
          e.getCommandLine().usage(e.getCommandLine().getErr());
          return ErrorCode.USAGE.exitCode();
        });
    listExitCodes(commandLine);
    return commandLine;
  }

  /**
   * Runs a command line; whatever it throws, an Error included, ends in an exit code of 2 or
   * more, never in 1, which means "violations found".
   */
  static int execute(CommandLine commandLine, String... args) {
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    Locale.setDefault(Locale.ROOT);
    try {
      return commandLine.execute(args);
    } catch (Throwable e) {
      return internalError(e, commandLine.getErr());
    }
  }

  /** The exit codes, verdicts first, in the order of their numbers. */
  static Map<String, String> exitCodes() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put(String.valueOf(ErrorCode.NO_VIOLATIONS), "the audit found no violation; gate: the snapshot is cleared;"
        + " member: the statement is written");
    codes.put(String.valueOf(ErrorCode.VIOLATIONS_FOUND), "the audit found violations; gate: rows to exclude");
    for (ErrorCode code : ErrorCode.values()) {
      codes.put(String.valueOf(code.exitCode()), code.meaning());
    }
    codes.put(String.valueOf(ErrorCode.LAUNCHER_BUILD_FAILED), "bin/audit could not build the auditor");
    return codes;
  }

  private static void listExitCodes(CommandLine commandLine) {
    commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes());
    commandLine.getSubcommands().values().stream().distinct().forEach(AuditCli::listExitCodes);
  }

  private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
    AuditException failure = rootAuditException(e);
    if (failure != null) {
      commandLine.getErr().println("audit: " + failure.getMessage());
      return failure.code().exitCode();
    }
    return internalError(e, commandLine.getErr());
  }

  private static int internalError(Throwable e, PrintWriter err) {
    err.println("audit: internal error: " + e);
    e.printStackTrace(err);
    err.flush();
    return ErrorCode.INTERNAL.exitCode();
  }

  private static AuditException rootAuditException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AuditException audit) {
        return audit;
      }
    }
    return null;
  }

  /** The version picocli prints for {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {CodeVersion.get(), "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", Java "
          + System.getProperty("java.version")};
    }
  }
}
