package io.trainaudit.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one phase in a JVM of its own, with this JVM's class path and module openings and the
 * benchmark's heap, so that each measurement starts cold and its peak memory is its own.
 */
final class ChildPhase implements PhaseRunner {
  private final String heap;
  private final Path dir;

  /** Children with {@code heap} each, logging to {@code dir/NAME.log}. */
  ChildPhase(String heap, Path dir) {
    this.heap = heap;
    this.dir = dir;
  }

  /** Runs {@code phase} in a child JVM and returns what it reported. */
  @Override
  public PhaseResult run(Phases phase, String name, Map<String, String> values) {
    Path result = dir.resolve(name + ".json");
    Path log = dir.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("--add-opens") || arg.startsWith("-D") || arg.startsWith("-XX:"))
        .forEach(command::add);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchCli.class.getName());
    command.add("phase");
    command.add(phase.name());
    command.add("--result");
    command.add(result.toString());
    values.forEach((key, value) -> {
      command.add("--set");
      command.add(key + "=" + value);
    });
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(result);
      System.out.printf("bench: %-28s ...%n", name);
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      int exit = process.waitFor();
      if (exit != 0 || !Files.exists(result)) {
        throw new IllegalStateException("Phase " + name + " failed (exit " + exit + "); its log: " + log
            + ", ending:\n" + tail(log, 20));
      }
      PhaseResult outcome = Phases.Json.MAPPER.readValue(result.toFile(), PhaseResult.class);
      System.out.printf("bench: %-28s %8.1f s  (process %.1f s, peak %s)%n", name, outcome.seconds(),
          outcome.processSeconds(), Bytes.gib(outcome.peakRssBytes()));
      return outcome;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run phase " + name + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while phase " + name + " ran", e);
    }
  }

  private static String tail(Path log, int lines) throws IOException {
    List<String> all = Files.readAllLines(log);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
