package io.trainaudit.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What an opt-out covers, a question the platform's "going forward" wording leaves open. */
public enum OptOutMode {
  /** An opt-out in force at capture excludes every record of the member, whenever collected. */
  USE_TIME,
  /** An opt-out in force at capture excludes only records collected since the opt-out began. */
  COLLECTION_TIME;

  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<OptOutMode> fromConfigValue(String value) {
    return Arrays.stream(values()).filter(m -> m.configValue().equals(value)).findFirst();
  }

  public static List<String> configValues() {
    return Arrays.stream(values()).map(OptOutMode::configValue).toList();
  }
}
