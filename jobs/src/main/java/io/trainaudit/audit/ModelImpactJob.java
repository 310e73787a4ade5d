package io.trainaudit.audit;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.bit_or;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.lineage.ImpactRow;
import io.trainaudit.lineage.Lineage;
import io.trainaudit.lineage.ModelVersion;
import io.trainaudit.spark.Seqs;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.ModelImpact;
import io.trainaudit.tables.ModelTrainings;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The consequences of a run's findings: for every model version model_trainings lists, by rule and
 * severity, the open findings among the snapshots it was trained on, their distinct members and
 * records, and the first and last such snapshot. Computed from the findings table once the run's
 * merge is committed (so it reads exactly the open findings after the run), appended to
 * {@code output.model_impact} under the run's id. Without model_trainings, nothing is appended
 * and the lineage says it is not configured.
 */
public final class ModelImpactJob {
  public static final StructType SCHEMA =
      new StructType()
          .add(ModelImpact.MODEL_ID, DataTypes.StringType, false)
          .add(ModelImpact.MODEL_VERSION, DataTypes.StringType, false)
          .add(ModelImpact.RULE_ID, DataTypes.StringType, false)
          .add(ModelImpact.SEVERITY, DataTypes.StringType, false)
          .add(ModelImpact.FINDINGS, DataTypes.LongType, false)
          .add(ModelImpact.MEMBERS, DataTypes.LongType, false)
          .add(ModelImpact.RECORDS, DataTypes.LongType, false)
          .add(ModelImpact.FIRST_SNAPSHOT_ID, DataTypes.StringType, false)
          .add(ModelImpact.LAST_SNAPSHOT_ID, DataTypes.StringType, false)
          .add(ModelImpact.RUN_ID, DataTypes.StringType, false);

  private static final String FIRST = "_first";
  private static final String LAST = "_last";
  private static final scala.collection.Seq<String> GROUP =
      Seqs.of(ModelImpact.MODEL_ID, ModelImpact.MODEL_VERSION, ModelImpact.RULE_ID, ModelImpact.SEVERITY);

  private final SparkSession spark;
  private final AuditConfig config;

  public ModelImpactJob(SparkSession spark, AuditConfig config) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Computes the impact of the open findings after run {@code runId} and appends it; returns the lineage. */
  public Lineage run(String runId, AuditInputs inputs) {
    OutputTables.ensure(spark, config.output().modelImpact(), SCHEMA);
    if (!inputs.has(InputTable.MODEL_TRAININGS)) {
      return Lineage.notConfigured();
    }
    Dataset<Row> lineage = lineage(spark, inputs.valid(InputTable.MODEL_TRAININGS));
    Dataset<Row> open = new FindingsStore(spark, config.output().findings()).read()
        .where(col(Findings.STATUS).equalTo(lit(Findings.STATUS_OPEN)));
    List<ImpactRow> impact = rows(impact(open, lineage).collectAsList());
    if (!impact.isEmpty()) {
      OutputTables.append(spark.createDataFrame(impact.stream().map(r -> toRow(r, runId)).toList(), SCHEMA),
          config.output().modelImpact());
    }
    return new Lineage(true, versions(lineage), impact);
  }

  /**
   * The impact rows run {@code fromRunId} appended, appended again under {@code runId}: for a run
   * after which neither the open findings nor the lineage changed, where computing them again
   * would give the same rows at the cost of a pass over the findings table.
   */
  public Lineage carryOver(String fromRunId, String runId, AuditInputs inputs) {
    List<ImpactRow> impact = read(fromRunId);
    if (!impact.isEmpty()) {
      OutputTables.append(spark.createDataFrame(impact.stream().map(r -> toRow(r, runId)).toList(), SCHEMA),
          config.output().modelImpact());
    }
    return new Lineage(true, versions(lineage(spark, inputs.valid(InputTable.MODEL_TRAININGS))), impact);
  }

  /** The rows a run appended, in model, version, rule order; none for a run without lineage. */
  public List<ImpactRow> read(String runId) {
    if (!DeltaTables.exists(spark, config.output().modelImpact())) {
      return List.of();
    }
    return rows(DeltaTables.read(spark, config.output().modelImpact())
        .where(col(ModelImpact.RUN_ID).equalTo(lit(runId))).collectAsList());
  }

  /**
   * The valid model_trainings rows, collected once (a lineage lists a few rows per model version)
   * and given back as a small local table, so that every later join broadcasts it without reading
   * the input again.
   */
  public static Dataset<Row> lineage(SparkSession spark, Dataset<Row> validModelTrainings) {
    Dataset<Row> rows = validModelTrainings.select(ModelTrainings.MODEL_ID, ModelTrainings.MODEL_VERSION,
        ModelTrainings.SNAPSHOT_ID, ModelTrainings.TRAINED_AT, ModelTrainings.RELEASED_AT).distinct();
    return spark.createDataFrame(rows.collectAsList(), rows.schema());
  }

  /**
   * Per model version, rule and severity, the counts of {@code findings} (rows shaped as the
   * findings table) among the snapshots {@code lineage} says the version was trained on.
   *
   * <p>Computed without joining each finding to every version trained on its snapshot, which
   * multiplies the findings by the versions: the findings and their first and last snapshots are
   * summed per snapshot first; the distinct members (and records) are grouped by the set of
   * lineage snapshots each one has findings in, kept as a bit mask, so that a version counts the
   * members of each set that shares a snapshot with its own. Those sets are few, whatever the
   * number of findings.
   */
  public static Dataset<Row> impact(Dataset<Row> findings, Dataset<Row> lineage) {
    Dataset<Row> trained = lineage.select(ModelTrainings.MODEL_ID, ModelTrainings.MODEL_VERSION,
        ModelTrainings.SNAPSHOT_ID).distinct();
    SnapshotBits bits = SnapshotBits.of(trained);
    SparkSession spark = findings.sparkSession();
    Dataset<Row> relevant = findings
        .select(Findings.RULE_ID, Findings.SEVERITY, Findings.SNAPSHOT_ID, Findings.CAPTURED_AT, Findings.RECORD_ID,
            Findings.MEMBER_ID)
        .join(broadcast(bits.bySnapshot(spark)), Seqs.of(Findings.SNAPSHOT_ID));
    Column firstAndLast = struct(col(Findings.CAPTURED_AT), col(Findings.SNAPSHOT_ID));
    Dataset<Row> counted = relevant
        .groupBy(Findings.RULE_ID, Findings.SEVERITY, Findings.SNAPSHOT_ID)
        .agg(count(lit(1)).as(ModelImpact.FINDINGS), min(firstAndLast).as(FIRST), max(firstAndLast).as(LAST))
        .join(broadcast(trained), Seqs.of(Findings.SNAPSHOT_ID))
        .groupBy(ModelImpact.MODEL_ID, ModelImpact.MODEL_VERSION, ModelImpact.RULE_ID, ModelImpact.SEVERITY)
        .agg(sum(ModelImpact.FINDINGS).as(ModelImpact.FINDINGS), min(FIRST).as(FIRST), max(LAST).as(LAST));
    Dataset<Row> versions = broadcast(bits.byVersion(spark));
    return counted
        .join(distinctAcrossSnapshots(relevant, Findings.MEMBER_ID, ModelImpact.MEMBERS, bits, versions), GROUP, "left")
        .join(distinctAcrossSnapshots(relevant, Findings.RECORD_ID, ModelImpact.RECORDS, bits, versions), GROUP, "left")
        .select(col(ModelImpact.MODEL_ID), col(ModelImpact.MODEL_VERSION), col(ModelImpact.RULE_ID),
            col(ModelImpact.SEVERITY), col(ModelImpact.FINDINGS),
            coalesce(col(ModelImpact.MEMBERS), lit(0L)).as(ModelImpact.MEMBERS),
            coalesce(col(ModelImpact.RECORDS), lit(0L)).as(ModelImpact.RECORDS),
            col(FIRST + "." + Findings.SNAPSHOT_ID).as(ModelImpact.FIRST_SNAPSHOT_ID),
            col(LAST + "." + Findings.SNAPSHOT_ID).as(ModelImpact.LAST_SNAPSHOT_ID));
  }

  /**
   * Per model version, rule and severity, the distinct non-null values of {@code key} among the
   * findings of the version's snapshots, as column {@code as}: each value's set of snapshots, then
   * the values per set, then per version the sum over the sets that hold one of its snapshots.
   */
  private static Dataset<Row> distinctAcrossSnapshots(Dataset<Row> relevant, String key, String as, SnapshotBits bits,
      Dataset<Row> versions) {
    Column[] set = bits.set();
    Dataset<Row> perSet = relevant
        .where(col(key).isNotNull())
        .groupBy(col(Findings.RULE_ID), col(Findings.SEVERITY), col(key))
        .agg(set[0], Arrays.copyOfRange(set, 1, set.length))
        .groupBy(bits.setColumns(col(Findings.RULE_ID), col(Findings.SEVERITY)))
        .agg(count(lit(1)).as(as));
    return perSet.crossJoin(versions)
        .where(bits.intersect())
        .groupBy(ModelImpact.MODEL_ID, ModelImpact.MODEL_VERSION, ModelImpact.RULE_ID, ModelImpact.SEVERITY)
        .agg(sum(as).as(as));
  }

  /** The model versions of a lineage (as {@link #lineage} gives it), by model and version. */
  public static List<ModelVersion> versions(Dataset<Row> lineage) {
    Map<List<String>, List<Row>> byVersion = new LinkedHashMap<>();
    for (Row r : lineage.collectAsList()) {
      byVersion.computeIfAbsent(List.of(r.<String>getAs(ModelTrainings.MODEL_ID),
          r.<String>getAs(ModelTrainings.MODEL_VERSION)), k -> new ArrayList<>()).add(r);
    }
    List<ModelVersion> versions = new ArrayList<>();
    byVersion.forEach((key, rows) -> {
      Instant trained = rows.stream().map(r -> instant(r.getAs(ModelTrainings.TRAINED_AT)))
          .max(Comparator.naturalOrder()).orElseThrow();
      Instant released = rows.stream().map(r -> instant(r.getAs(ModelTrainings.RELEASED_AT)))
          .filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
      TreeSet<String> snapshots = new TreeSet<>();
      rows.forEach(r -> snapshots.add(r.getAs(ModelTrainings.SNAPSHOT_ID)));
      versions.add(new ModelVersion(key.get(0), key.get(1), trained, released, List.copyOf(snapshots)));
    });
    versions.sort(Comparator.comparing(ModelVersion::modelId).thenComparing(ModelVersion::modelVersion));
    return versions;
  }

  /** Rows shaped as {@link #impact} gives them, as values, by model, version and rule. */
  public static List<ImpactRow> rows(List<Row> rows) {
    return rows.stream()
        .map(r -> new ImpactRow(r.getAs(ModelImpact.MODEL_ID), r.getAs(ModelImpact.MODEL_VERSION),
            r.getAs(ModelImpact.RULE_ID), r.getAs(ModelImpact.SEVERITY), r.<Long>getAs(ModelImpact.FINDINGS),
            r.<Long>getAs(ModelImpact.MEMBERS), r.<Long>getAs(ModelImpact.RECORDS),
            r.getAs(ModelImpact.FIRST_SNAPSHOT_ID), r.getAs(ModelImpact.LAST_SNAPSHOT_ID)))
        .sorted(Comparator.comparing(ImpactRow::modelId).thenComparing(ImpactRow::modelVersion)
            .thenComparing(ImpactRow::ruleId).thenComparing(ImpactRow::severity))
        .toList();
  }

  /**
   * The snapshots of a lineage numbered, so that a set of them is a bit mask in {@code words}
   * longs: {@code _set0, _set1, ...} for the snapshots a member or record has findings in,
   * {@code _version0, ...} for those a model version was trained on.
   */
  private record SnapshotBits(List<Row> trained, List<String> snapshots, int words) {
    private static final String WORD = "_word";
    private static final String BIT = "_bit";
    private static final String SET = "_set";
    private static final String VERSION = "_version";

    /** From the lineage's (model, version, snapshot) rows, a few per model version. */
    static SnapshotBits of(Dataset<Row> trained) {
      List<Row> rows = trained.collectAsList();
      List<String> snapshots = rows.stream().map(r -> r.<String>getAs(ModelTrainings.SNAPSHOT_ID)).distinct().sorted()
          .toList();
      return new SnapshotBits(rows, snapshots, Math.max(1, (snapshots.size() + Long.SIZE - 1) / Long.SIZE));
    }

    /** Each snapshot's word and bit: joined to the findings, it also drops those of no lineage snapshot. */
    Dataset<Row> bySnapshot(SparkSession spark) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < snapshots.size(); i++) {
        rows.add(RowFactory.create(snapshots.get(i), i / Long.SIZE, 1L << (i % Long.SIZE)));
      }
      return spark.createDataFrame(rows, new StructType()
          .add(ModelTrainings.SNAPSHOT_ID, DataTypes.StringType, false)
          .add(WORD, DataTypes.IntegerType, false)
          .add(BIT, DataTypes.LongType, false));
    }

    /** Per model version, the mask of the snapshots it was trained on. */
    Dataset<Row> byVersion(SparkSession spark) {
      Map<List<String>, long[]> masks = new LinkedHashMap<>();
      for (Row r : trained) {
        long[] mask = masks.computeIfAbsent(List.of(r.<String>getAs(ModelTrainings.MODEL_ID),
            r.<String>getAs(ModelTrainings.MODEL_VERSION)), k -> new long[words]);
        int i = java.util.Collections.binarySearch(snapshots, r.<String>getAs(ModelTrainings.SNAPSHOT_ID));
        mask[i / Long.SIZE] |= 1L << (i % Long.SIZE);
      }
      StructType schema = new StructType()
          .add(ModelImpact.MODEL_ID, DataTypes.StringType, false)
          .add(ModelImpact.MODEL_VERSION, DataTypes.StringType, false);
      for (int w = 0; w < words; w++) {
        schema = schema.add(VERSION + w, DataTypes.LongType, false);
      }
      List<Row> rows = new ArrayList<>();
      masks.forEach((version, mask) -> {
        Object[] values = new Object[2 + words];
        values[0] = version.get(0);
        values[1] = version.get(1);
        for (int w = 0; w < words; w++) {
          values[2 + w] = mask[w];
        }
        rows.add(RowFactory.create(values));
      });
      return spark.createDataFrame(rows, schema);
    }

    /** The aggregates giving the mask of the snapshots of the grouped findings. */
    Column[] set() {
      Column[] set = new Column[words];
      for (int w = 0; w < words; w++) {
        set[w] = bit_or(when(col(WORD).equalTo(lit(w)), col(BIT)).otherwise(lit(0L))).as(SET + w);
      }
      return set;
    }

    /** The given columns, then the mask's. */
    Column[] setColumns(Column... leading) {
      Column[] columns = Arrays.copyOf(leading, leading.length + words);
      for (int w = 0; w < words; w++) {
        columns[leading.length + w] = col(SET + w);
      }
      return columns;
    }

    /** True where the set's mask and the version's share a snapshot. */
    Column intersect() {
      Column shared = lit(false);
      for (int w = 0; w < words; w++) {
        shared = shared.or(col(SET + w).bitwiseAND(col(VERSION + w)).notEqual(lit(0L)));
      }
      return shared;
    }
  }

  /** A timestamp as the session gives it back (java.sql or java.time, by its java8API setting). */
  static Instant instant(Object value) {
    return value == null ? null : value instanceof Timestamp t ? t.toInstant() : (Instant) value;
  }

  private static Row toRow(ImpactRow r, String runId) {
    return org.apache.spark.sql.RowFactory.create(r.modelId(), r.modelVersion(), r.ruleId(), r.severity(),
        r.findings(), r.members(), r.records(), r.firstSnapshotId(), r.lastSnapshotId(), runId);
  }
}
