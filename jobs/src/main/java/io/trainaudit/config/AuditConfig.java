package io.trainaudit.config;

import io.trainaudit.rules.Policy;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.TableLocation;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A whole, validated configuration file.
 *
 * @param source the file it was read from, or {@code null} for the built-in defaults
 * @param spark Spark settings, keys with their {@code spark.} prefix
 * @param tables where each input table lives: the six required ones, and the optional ones configured
 * @param output where the outputs go
 * @param policy the promises audited
 * @param export settings of the regulator evidence export
 */
public record AuditConfig(
    Path source, Map<String, String> spark, Map<InputTable, TableLocation> tables, OutputLocations output, Policy policy,
    Export export) {

  public AuditConfig {
    spark = Map.copyOf(spark);
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(export, "export");
    for (InputTable table : InputTable.required()) {
      if (!tables.containsKey(table)) {
        throw new IllegalArgumentException("no location for table " + table.tableName());
      }
    }
    tables = java.util.Collections.unmodifiableMap(new EnumMap<>(tables));
  }

  /**
   * The input tables this configuration has, in the contract's order: the six every audit reads
   * and each optional one it names. Whatever reads, checks or lists the inputs loops over these.
   */
  public List<InputTable> inputTables() {
    return List.copyOf(tables.keySet());
  }

  /** Whether the configuration names the table; always true for the six every audit reads. */
  public boolean has(InputTable table) {
    return tables.containsKey(table);
  }

  /** Where the table lives; refused for an optional table the configuration does not name. */
  public TableLocation location(InputTable table) {
    TableLocation location = tables.get(table);
    if (location == null) {
      throw new IllegalArgumentException("table " + table.tableName() + " is not configured (tables."
          + table.tableName() + ")");
    }
    return location;
  }

  /** The Spark master: the configured one, else {@code local[*]}. */
  public String sparkMaster() {
    return spark.getOrDefault("spark.master", "local[*]");
  }

  public AuditConfig withPolicy(Policy newPolicy) {
    return new AuditConfig(source, spark, tables, output, newPolicy, export);
  }

  /**
   * Where the outputs go: three Delta tables, a plain directory of reports and a scratch directory;
   * and the pre-training gate's two Delta tables and directory of clearances.
   *
   * @param leaseSeconds how long a run's lease on these outputs lasts unless renewed
   * @param notebooks where each successful run executes the notebooks; null: runs do not
   * @param gateRuns one row per gate run
   * @param exclusions the training rows each gated snapshot must leave out
   * @param clearances plain directory of the signed clearances
   * @param modelImpact each run's open findings per model version trained on them
   */
  public record OutputLocations(
      TableLocation findings, TableLocation auditRuns, TableLocation quarantine, Path reports, String staging,
      int leaseSeconds, Path notebooks, TableLocation gateRuns, TableLocation exclusions, Path clearances,
      TableLocation modelImpact) {
    public OutputLocations {
      if (leaseSeconds < 10) {
        throw new IllegalArgumentException("leaseSeconds must be at least 10: " + leaseSeconds);
      }
      Objects.requireNonNull(staging, "staging");
      Objects.requireNonNull(findings, "findings");
      Objects.requireNonNull(auditRuns, "auditRuns");
      Objects.requireNonNull(quarantine, "quarantine");
      Objects.requireNonNull(reports, "reports");
      Objects.requireNonNull(gateRuns, "gateRuns");
      Objects.requireNonNull(exclusions, "exclusions");
      Objects.requireNonNull(clearances, "clearances");
      Objects.requireNonNull(modelImpact, "modelImpact");
    }
  }

  /**
   * What the regulator evidence export says about the controller and the model, and the keys it uses.
   *
   * @param minCount counts below this are suppressed in public packages, with complementary suppression
   * @param noticeEffectiveDate null when not configured
   * @param signingKey Ed25519 private key (PKCS#8 PEM), created by {@code keys init}
   * @param pseudonymKeyFile null: each confidential export draws a fresh key into a file the operator names
   */
  public record Export(
      int minCount, String controllerName, String dpoContact, String noticeVersion,
      java.time.LocalDate noticeEffectiveDate, String purpose, String legalBasis, String provider,
      java.util.List<String> modelIdentifiers, Path signingKey, Path pseudonymKeyFile) {
    public Export {
      if (minCount < 1) {
        throw new IllegalArgumentException("minCount must be at least 1: " + minCount);
      }
      Objects.requireNonNull(controllerName, "controllerName");
      Objects.requireNonNull(dpoContact, "dpoContact");
      Objects.requireNonNull(noticeVersion, "noticeVersion");
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(legalBasis, "legalBasis");
      Objects.requireNonNull(provider, "provider");
      modelIdentifiers = java.util.List.copyOf(modelIdentifiers);
      Objects.requireNonNull(signingKey, "signingKey");
    }
  }
}
