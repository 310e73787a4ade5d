package io.trainaudit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The auditor's version, as the build stamped it; recorded with every run. */
public final class CodeVersion {
  private CodeVersion() {}

  public static String get() {
    Properties properties = new Properties();
    try (InputStream in = CodeVersion.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw Errors.codeVersionUnreadable(e);
    }
    return "trainaudit " + properties.getProperty("version", "unknown");
  }
}
