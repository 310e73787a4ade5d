package io.trainaudit.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a child process's output on a thread of its own, copies it to a log file, and lets a test
 * wait until a given line has appeared: a condition, not a pause.
 */
final class LineWatcher {
  private final List<String> lines = new ArrayList<>();
  private final String name;
  private boolean ended;

  private LineWatcher(String name) {
    this.name = name;
  }

  static LineWatcher watch(String name, InputStream output, Path log) {
    LineWatcher watcher = new LineWatcher(name);
    Thread reader = new Thread(() -> watcher.read(output, log), "watch-" + name);
    reader.setDaemon(true);
    reader.start();
    return watcher;
  }

  private void read(InputStream output, Path log) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
        PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        copy.println(line);
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  /** Waits until {@code count} lines match; returns the last of them. Fails if the output ends or time runs out. */
  synchronized String await(Predicate<String> matching, int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> matched = lines.stream().filter(matching).toList();
      if (matched.size() >= count) {
        return matched.get(count - 1);
      }
      long left = deadline - System.nanoTime();
      if (ended || left <= 0) {
        throw new AssertionError(name + (ended ? " ended" : " timed out") + " after " + matched.size() + " of "
            + count + " expected lines; its output:\n" + String.join("\n", lines));
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  synchronized String output() {
    return String.join("\n", lines);
  }
}
