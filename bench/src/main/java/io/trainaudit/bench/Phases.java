package io.trainaudit.bench;

import static org.apache.spark.sql.functions.array_remove;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.audit.AuditJob;
import io.trainaudit.audit.AuditResult;
import io.trainaudit.audit.AuditScope;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.gate.GateJob;
import io.trainaudit.gate.GateResult;
import io.trainaudit.generate.GenerationResult;
import io.trainaudit.generate.GeneratorOptions;
import io.trainaudit.generate.SyntheticDataGenerator;
import io.trainaudit.spark.SparkSessions;
import io.trainaudit.tables.Exclusions;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.TableLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The phases a benchmark child JVM runs, one per process so that each one's time and peak memory
 * are its own. Every phase but DuckDB's works in the auditor's own Spark session settings; the time
 * measured is the work's, from a started session (or DuckDB connection) to its last write.
 */
enum Phases {
  GENERATE(false) {
    @Override
    Map<String, Object> work(SparkSession spark, Args args) {
      Path data = args.path("data");
      Scale scale = Scale.of(args.get("scale"));
      GeneratorOptions options = new GeneratorOptions(data, scale.members(), Scale.RECORDS_PER_MEMBER,
          Scale.SNAPSHOTS, Scale.SEED);
      GenerationResult result =
          new SyntheticDataGenerator(spark, ConfigLoader.defaults(data).policy()).generate(options);
      Map<String, Object> facts = new LinkedHashMap<>();
      result.rowsWritten().forEach((table, rows) -> facts.put("rows." + table.tableName(), rows));
      facts.put("training_rows_to_audit", result.auditedTrainingRows());
      return facts;
    }
  },
  SCAN(false) {
    /** Reads exactly the columns the audit reads (every declared column, for validation) of every input table. */
    @Override
    Map<String, Object> work(SparkSession spark, Args args) {
      AuditConfig config = args.config();
      Map<String, Object> facts = new LinkedHashMap<>();
      for (InputTable table : config.inputTables()) {
        Column[] columns = table.schema().columnNames().stream().map(org.apache.spark.sql.functions::col)
            .toArray(Column[]::new);
        Observation rows = new Observation(table.tableName());
        spark.read().format("delta").load(path(config, table)).select(columns)
            .observe(rows, count(lit(1)).as("rows"))
            .write().format("noop").mode("overwrite").save();
        facts.put("rows." + table.tableName(), Args.observed(rows).get("rows"));
      }
      return facts;
    }
  },
  AUDIT_FULL(false) {
    @Override
    Map<String, Object> work(SparkSession spark, Args args) {
      return auditFacts(new AuditJob(spark, args.config(), AuditScope.full()).run());
    }
  },
  AUDIT_INCREMENTAL(false) {
    @Override
    Map<String, Object> work(SparkSession spark, Args args) {
      return auditFacts(new AuditJob(spark, args.config(), AuditScope.sinceLastRun()).run());
    }
  },
  /**
   * A nightly run after a quiet night, in a JVM that has just run one (unmeasured): the same work as
   * {@link #AUDIT_INCREMENTAL} after a quiet night, without the cold start of the JVM, Spark's SQL
   * and Delta's code paths that a fresh process pays before its first result.
   */
  AUDIT_INCREMENTAL_WARM(false) {
    @Override
    void warmUp(SparkSession spark, Args args) {
      AUDIT_INCREMENTAL.work(spark, args);
    }

    @Override
    Map<String, Object> work(SparkSession spark, Args args) {
      return AUDIT_INCREMENTAL.work(spark, args);
    }
  },
  /** The pre-training gate of one snapshot (the night's new one), as {@code bin/audit gate} runs it. */
  GATE(false) {
    @Override
    Map<String, Object> work(SparkSession spark, Args args) {
      GateResult result = new GateJob(spark, args.config(), args.get("snapshot")).run();
      Map<String, Object> facts = new LinkedHashMap<>();
      facts.put("gate_run_id", result.gateRunId());
      facts.put("status", result.status().value());
      facts.put("rows_read", result.coverage().rowsRead());
      facts.put("rows_excluded", result.rowsExcluded());
      facts.put("violations", result.violations());
      facts.put("unverifiable", result.unverifiable());
      return facts;
    }
  },
  /** One member's statement, as {@code bin/audit member} writes it, after a full audit. */
  MEMBER(false) {
    @Override
    Map<String, Object> work(SparkSession spark, Args args) {
      AuditConfig config = args.config();
      io.trainaudit.member.MemberStatement statement =
          new io.trainaudit.member.MemberStatementJob(spark, config).statement(args.get("member"), "member_id");
      io.trainaudit.member.StatementFiles.write(statement, args.path("out"));
      Map<String, Object> facts = new LinkedHashMap<>();
      facts.put("member_id", statement.memberId());
      facts.put("rows", statement.rows().size());
      facts.put("answer", statement.answer());
      return facts;
    }
  },
  NAIVE(false) {
    @Override
    Map<String, Object> work(SparkSession spark, Args args) {
      String out = args.path("out").toString();
      NaiveSparkSqlAudit.findings(spark, args.config()).write().mode("overwrite").parquet(out);
      return Map.of("findings", spark.read().parquet(out).count());
    }
  },
  DUCKDB(true) {
    @Override
    Map<String, Object> work(SparkSession noSpark, Args args) {
      Map<String, List<String>> byName = Json.read(args.path("files"), new TypeReference<>() {});
      Map<InputTable, List<String>> files = new EnumMap<>(InputTable.class);
      byName.forEach((name, paths) -> files.put(InputTable.valueOf(name), paths));
      long findings = DuckDbAudit.run(files, args.config().policy(), Integer.parseInt(args.get("threads")),
          args.get("memory"), args.path("temp"), args.path("out"));
      return Map.of("findings", findings);
    }
  },
  /**
   * The night's rows set aside (with {@code fixed}, the fixed night's); with {@code files}, first the
   * Parquet files of the tables {@code config} names.
   */
  PREPARE_NIGHT(false) {
    @Override
    Map<String, Object> work(SparkSession spark, Args args) {
      if (args.has("files")) {
        listFiles(spark, args.config(), args.path("files"));
      }
      return Night.prepare(spark, args.path("data"), args.path("night"), args.has("fixed"));
    }
  },
  /** The night's rows written; with {@code files}, then the Parquet files of the tables {@code config} names. */
  APPLY_NIGHT(false) {
    @Override
    Map<String, Object> work(SparkSession spark, Args args) {
      Map<String, Object> facts = Night.apply(spark, args.path("night"), args.path("data"));
      if (args.has("files")) {
        listFiles(spark, args.config(), args.path("files"));
      }
      return facts;
    }
  },
  /**
   * Compares a gate run's exclusions with the nightly audit's open findings of the same snapshot: each
   * row the audit found something in must be excluded with exactly those rules (invalid rows aside).
   */
  COMPARE_GATE(false) {
    @Override
    Map<String, Object> work(SparkSession spark, Args args) {
      return compareGate(spark, args);
    }
  },
  /** Compares the audit's open findings with another engine's, or with the generator's ground truth. */
  COMPARE(false) {
    @Override
    Map<String, Object> work(SparkSession spark, Args args) {
      return compare(spark, args);
    }
  },
  /**
   * Every check of a run, in one JVM (they measure nothing): {@code checks} is a JSON list of
   * {@link CheckSpec}s; the facts are each check's, by its name.
   */
  CHECKS(false) {
    @Override
    Map<String, Object> work(SparkSession spark, Args args) {
      List<CheckSpec> checks = Json.read(args.path("checks"), new TypeReference<>() {});
      Map<String, Object> facts = new LinkedHashMap<>();
      for (CheckSpec check : checks) {
        Args values = new Args(check.values());
        facts.put(check.name(), check.phase() == COMPARE_GATE ? compareGate(spark, values) : compare(spark, values));
      }
      return facts;
    }
  };

  /** One check to run: {@link #COMPARE} or {@link #COMPARE_GATE} with its values. */
  record CheckSpec(String name, Phases phase, Map<String, String> values) {}

  private static Map<String, Object> listFiles(SparkSession spark, AuditConfig config, Path out) {
    Map<InputTable, List<String>> files = DeltaParquetFiles.of(spark, config);
    Map<String, List<String>> byName = new LinkedHashMap<>();
    files.forEach((table, paths) -> byName.put(table.name(), paths));
    Json.write(out, byName);
    Map<String, Object> facts = new LinkedHashMap<>();
    files.forEach((table, paths) -> facts.put("files." + table.tableName(), paths.size()));
    return facts;
  }

  private static Map<String, Object> compareGate(SparkSession spark, Args args) {
    String snapshot = args.get("snapshot");
    Dataset<Row> excluded = spark.read().format("delta").load(args.get("exclusions"))
        .where(col(Exclusions.GATE_RUN_ID).equalTo(args.get("gate_run_id")))
        .select(col(Exclusions.RECORD_ID),
            concat_ws(",", array_remove(col(Exclusions.RULE_IDS), Exclusions.INVALID_ROW)).as("rules"))
        .where(col("rules").notEqual(""));
    Dataset<Row> found = spark.read().format("delta").load(args.get("findings"))
        .where(col(Findings.STATUS).equalTo(Findings.STATUS_OPEN).and(col(Findings.SNAPSHOT_ID).equalTo(snapshot)))
        .groupBy(col(Findings.RECORD_ID))
        .agg(concat_ws(",", array_sort(collect_list(col(Findings.RULE_ID)))).as("rules"));
    long onlyAudit = found.exceptAll(excluded).count();
    long onlyGate = excluded.exceptAll(found).count();
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("same", onlyAudit == 0 && onlyGate == 0);
    facts.put("audit_findings", found.count());
    facts.put("other_findings", excluded.count());
    facts.put("only_audit", onlyAudit);
    facts.put("only_other", onlyGate);
    return facts;
  }

  private static Map<String, Object> compare(SparkSession spark, Args args) {
    Dataset<Row> audited = spark.read().format("delta").load(args.get("findings"))
        .where(col(Findings.STATUS).equalTo(Findings.STATUS_OPEN));
    Dataset<Row> other = args.has("ground_truth")
        ? spark.read().format("delta").load(args.get("ground_truth"))
        : spark.read().parquet(args.get("parquet"));
    FindingsComparison comparison = FindingsComparison.of(audited, other);
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("same", comparison.same());
    facts.put("audit_findings", comparison.left());
    facts.put("other_findings", comparison.right());
    facts.put("only_audit", comparison.onlyLeft());
    facts.put("only_other", comparison.onlyRight());
    facts.put("columns", comparison.columns());
    facts.put("examples", comparison.examples());
    return facts;
  }

  private final boolean withoutSpark;

  Phases(boolean withoutSpark) {
    this.withoutSpark = withoutSpark;
  }

  abstract Map<String, Object> work(SparkSession spark, Args args);

  /** What runs on the session before the clock starts; nothing but for a phase measured warm. */
  void warmUp(SparkSession spark, Args args) {}

  boolean needsSpark() {
    return !withoutSpark;
  }

  /** Runs the phase as a child JVM's only work and reports it; the session is started before the clock. */
  PhaseResult run(Args args, java.time.Instant processStart) {
    SparkSession spark = withoutSpark ? null
        : SparkSessions.create(args.has("config") ? args.config().spark() : Map.of(), "trainaudit bench " + this);
    try {
      return measure(spark, args, processStart);
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }

  /** Runs the phase's work on a started session (null if it needs none) and reports it. */
  PhaseResult measure(SparkSession spark, Args args, java.time.Instant processStart) {
    warmUp(spark, args);
    long start = System.nanoTime();
    Map<String, Object> facts = work(spark, args);
    double seconds = (System.nanoTime() - start) / 1e9;
    double processSeconds = java.time.Duration.between(processStart, java.time.Instant.now()).toMillis() / 1e3;
    return new PhaseResult(name(), seconds, processSeconds, PeakMemory.ofThisProcess(), facts);
  }

  static String path(AuditConfig config, InputTable table) {
    TableLocation location = config.location(table);
    if (location instanceof TableLocation.PathLocation p) {
      return p.path();
    }
    throw new IllegalArgumentException("the bench reads tables by path; " + table.tableName() + " is "
        + location.display());
  }

  private static Map<String, Object> auditFacts(AuditResult result) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("run_id", result.runId());
    facts.put("rows_read", result.coverage().rowsRead());
    facts.put("rows_audited", result.coverage().rowsAudited());
    facts.put("violations", result.violations());
    facts.put("unverifiable", result.unverifiable());
    return facts;
  }

  /** A phase's arguments ({@code --set key=value}). */
  record Args(Map<String, String> values) {
    String get(String key) {
      String value = values.get(key);
      if (value == null) {
        throw new IllegalArgumentException("the phase needs --set " + key + "=...");
      }
      return value;
    }

    boolean has(String key) {
      return values.containsKey(key);
    }

    Path path(String key) {
      return Path.of(get(key));
    }

    AuditConfig config() {
      return ConfigLoader.load(path("config"));
    }

    static Map<String, Object> observed(Observation observation) {
      try {
        return observation.getAsJava();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while counting rows", e);
      }
    }
  }

  /** JSON files of the harness (file lists, phase results). */
  static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    private Json() {}

    static void write(Path file, Object value) {
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), value);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write " + file, e);
      }
    }

    static <T> T read(Path file, TypeReference<T> type) {
      try {
        return MAPPER.readValue(file.toFile(), type);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file, e);
      }
    }
  }
}
