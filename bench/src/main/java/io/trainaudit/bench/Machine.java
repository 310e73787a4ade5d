package io.trainaudit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The machine and software a result was measured on.
 *
 * @param cpu the CPU model
 * @param cores the cores this JVM sees, which every engine was given
 * @param memoryBytes physical memory
 * @param os the operating system
 * @param java the Java runtime
 * @param spark Spark's version
 * @param duckdb DuckDB's version
 */
public record Machine(String cpu, int cores, long memoryBytes, String os, String java, String spark, String duckdb) {

  static Machine current() {
    return new Machine(
        procLine(Path.of("/proc/cpuinfo"), "model name"),
        Runtime.getRuntime().availableProcessors(),
        Long.parseLong(procLine(Path.of("/proc/meminfo"), "MemTotal").replaceAll("[^0-9]", "")) * 1024,
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        org.apache.spark.package$.MODULE$.SPARK_VERSION(),
        duckDbVersion());
  }

  private static String procLine(Path file, String key) {
    try {
      return Files.readAllLines(file).stream()
          .filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String duckDbVersion() {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet version = statement.executeQuery("SELECT version()")) {
      version.next();
      return version.getString(1);
    } catch (SQLException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
