package io.trainaudit.e2e;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Java processes started from this JVM's class path with the module openings Spark needs, and
 * stopped with everything they started.
 */
final class ChildJvm {
  /** Short-lived Spark JVMs start several times faster on the client compiler alone. */
  static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private ChildJvm() {}

  /** This JVM's {@code --add-opens} flags and pinned time zone and locale, as surefire passed them. */
  static List<String> sparkFlags() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Duser."))
        .toList();
  }

  /** {@code java FLAGS -cp <this class path> MAIN ARGS}. */
  static List<String> command(List<String> flags, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(FAST_START);
    command.addAll(sparkFlags());
    command.addAll(flags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    return command;
  }

  /** SIGKILLs the process and every process it started, and waits until they are gone. */
  static void kill(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("Cannot stop process " + handle.pid() + ": " + e, e);
      }
    }
  }
}
