package io.trainaudit.cli;

import io.trainaudit.Errors;
import io.trainaudit.audit.AuditJob;
import io.trainaudit.audit.AuditResult;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.generate.GeneratorOptions;
import io.trainaudit.generate.SyntheticDataGenerator;
import io.trainaudit.report.RunReport;
import io.trainaudit.spark.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit demo}: generate a small data set, configure an audit of it, run it, say where everything is. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Generate about 100,000 training rows into a demo folder, write a config for them, run the audit"
        + " and print where the findings and the report are.")
public final class DemoCommand implements Callable<Integer> {
  static final String CONFIG_FILE = "audit.yaml";

  @Option(names = "--dir", defaultValue = "demo", paramLabel = "DIR",
      description = "Folder for the demo's data, config and outputs (default: ${DEFAULT-VALUE}); replaced if present.")
  Path dir;

  @Option(names = "--members", defaultValue = "5000", hidden = true)
  long members;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    Path home = dir.toAbsolutePath().normalize();
    Path configFile = writeConfig(home);
    AuditConfig config = ConfigLoader.load(configFile);
    deleteRecursively(home.resolve("out"));
    SparkSession spark = SparkSessions.create(config.spark(), "trainaudit demo");
    new SyntheticDataGenerator(spark, config.policy())
        .generate(new GeneratorOptions(home.resolve("data"), members, 10, 6, seed));
    AuditResult result = new AuditJob(spark, config).run();
    Optional<RunReport.Written> report = Reporting.writeReport(spark, config, result);
    Reporting.printRun(result, report);
    System.out.println();
    System.out.println("Demo data:     " + home.resolve("data") + " (expected findings in ground_truth/)");
    System.out.println("Configuration: " + configFile);
    System.out.println("Findings:      " + config.output().findings().display());
    System.out.println("Report:        " + result.summaryFile().resolveSibling(RunReport.HTML_FILE)
        + " (PDF: " + RunReport.PDF_FILE + ", figures: " + result.summaryFile().getFileName() + ")");
    System.out.println("Run it again:  bin/audit run --config " + configFile + " --full");
    System.out.println("Notebooks:     bin/audit notebooks --config " + configFile);
    return report.isPresent() ? 0 : Reporting.exitCode(result, report);
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (var paths = Files.walk(path)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw Errors.io("clear the previous demo outputs in " + path, e);
    }
  }

  private static Path writeConfig(Path home) {
    Path file = home.resolve(CONFIG_FILE);
    try {
      Files.createDirectories(home);
      try (var in = DemoCommand.class.getResourceAsStream("demo-audit.yaml")) {
        Files.write(file, in.readAllBytes());
      }
      return file;
    } catch (IOException e) {
      throw Errors.io("write the demo configuration " + file, e);
    }
  }
}
