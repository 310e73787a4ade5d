package io.trainaudit.cli;

import io.trainaudit.config.ConfigLoader;
import io.trainaudit.generate.GenerationResult;
import io.trainaudit.generate.GeneratorOptions;
import io.trainaudit.generate.SyntheticDataGenerator;
import io.trainaudit.rules.Policy;
import io.trainaudit.spark.SparkSessions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code audit generate}: synthetic input tables with planted violations and their ground truth. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Write the input tables as Delta, with realistic histories and a known number of planted"
        + " violations, and the exact expected findings (ground_truth/) beside them.")
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the tables into.")
  Path out;

  @Option(names = "--members", defaultValue = "10000", description = "Number of members (default: ${DEFAULT-VALUE}).")
  long members;

  @Option(names = "--records-per-member", defaultValue = "10",
      description = "Records per member (default: ${DEFAULT-VALUE}).")
  int recordsPerMember;

  @Option(names = "--snapshots", defaultValue = "6", description = "Training snapshots (default: ${DEFAULT-VALUE}).")
  int snapshots;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same data"
      + " (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Compute the ground truth under this config's policy instead of the default one.")
  Path config;

  @Override
  public Integer call() {
    GeneratorOptions options = new GeneratorOptions(out.toAbsolutePath().normalize(), members, recordsPerMember,
        snapshots, seed);
    Policy policy = config == null ? ConfigLoader.defaults(out).policy() : ConfigLoader.load(config).policy();
    SparkSession spark = SparkSessions.create(Map.of(), "trainaudit generate");
    GenerationResult result = new SyntheticDataGenerator(spark, policy).generate(options);
    System.out.println("Generated " + result + "\n  into " + options.out());
    return 0;
  }
}
