package io.trainaudit.cli;

import io.trainaudit.AuditException;
import io.trainaudit.CodeVersion;
import io.trainaudit.ErrorCode;
import java.util.Locale;
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
      ReproduceCommand.class,
      ReportCommand.class,
      ExportCommand.class,
      VerifyCommand.class,
      KeysCommand.class,
      GenerateCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the audit found no violation",
      "1:the audit found violations",
      "2:usage error",
      "3:invalid configuration",
      "4:an input table is missing, not Delta, or lacks a column",
      "5:an input or output could not be read or written",
      "6:coverage did not reconcile",
      "7:another run is in progress on the same outputs",
      "8:reproduce: the re-evaluated result differs from the recorded one",
      "9:internal error",
      "10:verify: the evidence package is not verified (tampered, incomplete, extra files or links, broken chain)",
      "11:verify: the package is intact but its signer is not trusted (no --public-key, not pinned with --trust)"
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
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    Locale.setDefault(Locale.ROOT);
    return new CommandLine(new AuditCli())
        .setExecutionExceptionHandler(AuditCli::handle)
        .setParameterExceptionHandler((e, a) -> {
          e.getCommandLine().getErr().println(e.getMessage());
          e.getCommandLine().usage(e.getCommandLine().getErr());
          return ErrorCode.USAGE.exitCode();
        })
        .execute(args);
  }

  private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
    AuditException failure = rootAuditException(e);
    if (failure != null) {
      commandLine.getErr().println("audit: " + failure.getMessage());
      return failure.code().exitCode();
    }
    commandLine.getErr().println("audit: internal error: " + e);
    e.printStackTrace(commandLine.getErr());
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
