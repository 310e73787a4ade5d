package io.trainaudit.audit;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.TableLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * Warns when an input table's Delta retention would let the versions a run read expire before
 * {@code policy.evidence_retention_days}, after which the run could no longer be reproduced.
 */
final class RetentionCheck {
  static final String LOG_RETENTION = "delta.logRetentionDuration";
  static final String FILE_RETENTION = "delta.deletedFileRetentionDuration";
  private static final Map<String, String> DELTA_DEFAULTS =
      Map.of(LOG_RETENTION, "interval 30 days", FILE_RETENTION, "interval 1 week");
  private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*(year|month|week|day|hour|minute)s?");

  static final String OUTPUT_FINDINGS = "output findings";
  static final String OUTPUT_AUDIT_RUNS = "output audit_runs";
  static final String OUTPUT_QUARANTINE = "output quarantine";

  private RetentionCheck() {}

  /**
   * One warning per input or output table setting shorter than the policy's retention: the
   * outputs matter as much, since an export and a report read the findings as a run left them.
   */
  static List<String> warnings(SparkSession spark, AuditConfig config) {
    Map<String, TableLocation> tables = new LinkedHashMap<>();
    for (InputTable table : config.inputTables()) {
      tables.put(table.tableName(), config.location(table));
    }
    tables.put(OUTPUT_FINDINGS, config.output().findings());
    tables.put(OUTPUT_AUDIT_RUNS, config.output().auditRuns());
    tables.put(OUTPUT_QUARANTINE, config.output().quarantine());
    int required = config.policy().evidenceRetentionDays();
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<String, TableLocation> table : tables.entrySet()) {
      if (!DeltaTables.exists(spark, table.getValue())) {
        continue;
      }
      Map<String, String> properties = DeltaTables.properties(spark, table.getValue());
      for (String property : List.of(LOG_RETENTION, FILE_RETENTION)) {
        String value = properties.getOrDefault(property, DELTA_DEFAULTS.get(property));
        OptionalLong days = days(value);
        if (days.isPresent() && days.getAsLong() < required) {
          warnings.add("table " + table.getKey() + " keeps old versions " + days.getAsLong() + " days (" + property
              + " = " + value + (properties.containsKey(property) ? "" : ", the Delta default") + ") but"
              + " policy.evidence_retention_days is " + required + ": runs older than that cannot be reproduced;"
              + " set " + property + " = 'interval " + required + " days'");
        }
      }
    }
    return warnings;
  }

  /** Whole days in a Delta interval such as {@code interval 30 days} or {@code 1 week}; empty if unreadable. */
  static OptionalLong days(String interval) {
    Matcher m = AMOUNT.matcher(interval.toLowerCase(Locale.ROOT));
    long hours = 0;
    boolean any = false;
    while (m.find()) {
      any = true;
      long n = Long.parseLong(m.group(1));
      hours += switch (m.group(2)) {
        case "year" -> n * 365 * 24;
        case "month" -> n * 30 * 24;
        case "week" -> n * 7 * 24;
        case "day" -> n * 24;
        case "hour" -> n;
        default -> 0;
      };
    }
    return any ? OptionalLong.of(hours / 24) : OptionalLong.empty();
  }
}
