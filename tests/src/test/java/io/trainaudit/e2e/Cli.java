package io.trainaudit.e2e;

import io.trainaudit.TestSpark;
import io.trainaudit.cli.AuditCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the real command line in this JVM, on the tests' shared SparkSession (created first, so
 * that the commands join it), and captures what it prints.
 */
final class Cli {
  record Outcome(int exitCode, String out, String err) {}

  private Cli() {}

  static synchronized Outcome run(String... args) {
    TestSpark.session();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = AuditCli.execute(args);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
      originalOut.print(out.toString(StandardCharsets.UTF_8));
      originalErr.print(err.toString(StandardCharsets.UTF_8));
    }
  }
}
