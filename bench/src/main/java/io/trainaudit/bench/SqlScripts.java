package io.trainaudit.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The baselines' SQL text, kept as classpath resources under {@code bench/}: one file per view or rule. */
final class SqlScripts {
  private SqlScripts() {}

  /** The text of {@code bench/<name>}, e.g. {@code naive/rules/UNDER_AGE.sql}. */
  static String load(String name) {
    String resource = "/bench/" + name;
    try (InputStream in = SqlScripts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Cannot load SQL: no resource " + resource + " on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load SQL resource " + resource, e);
    }
  }
}
