package io.trainaudit.generate;

import io.trainaudit.Errors;
import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.Policy;
import io.trainaudit.tables.InputTable;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic data set for the auditor: every input table, sensitive_contexts included, as
 * Delta under {@code out/<table>}, and the findings an audit reading them all must produce, under
 * {@code out/ground_truth/use_time} and {@code out/ground_truth/collection_time}, with
 * {@code out/ground_truth/planted.json} describing the planted cases.
 *
 * <p>Members are simulated in plain Java inside Spark tasks, each from the seed and its own index,
 * so nothing but counts reaches the driver and the data does not depend on partitioning; only the
 * flags of the few hundred groups members share are built on the driver. Each
 * table is written by its own pass over the members, re-running the (cheap, deterministic)
 * simulation rather than holding it. The same options and policy give the same data.
 */
public final class SyntheticDataGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(SyntheticDataGenerator.class);
  private static final String JOB_GROUP = "trainaudit-generate";
  /** Directory of the ground truth under the output directory. */
  public static final String GROUND_TRUTH_DIR = "ground_truth";
  /** An upper bound of training rows per Spark partition, and so per written file. */
  private static final long MAX_ROWS_PER_PARTITION = 2_000_000L;

  private final SparkSession spark;
  private final Policy policy;

  public SyntheticDataGenerator(SparkSession spark, Policy policy) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** Where the ground truth of an opt-out mode is written. */
  public static Path groundTruthPath(Path out, OptOutMode mode) {
    return out.resolve(GROUND_TRUTH_DIR).resolve(mode.configValue());
  }

  /** Where the model impact an audit in that mode must write is: the columns of output.model_impact but run_id. */
  public static Path modelImpactPath(Path out, OptOutMode mode) {
    return out.resolve(GROUND_TRUTH_DIR).resolve("model_impact").resolve(mode.configValue());
  }

  /** The facts member statements of a few planted members must hold. */
  public static Path memberStatementsPath(Path out) {
    return out.resolve(GROUND_TRUTH_DIR).resolve(MemberGroundTruth.FILE_NAME);
  }

  /** The columns of output.model_impact but run_id. */
  private static final org.apache.spark.sql.types.StructType MODEL_IMPACT_SCHEMA = modelImpactSchema();

  private static org.apache.spark.sql.types.StructType modelImpactSchema() {
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType();
    for (org.apache.spark.sql.types.StructField field : io.trainaudit.audit.ModelImpactJob.SCHEMA.fields()) {
      if (!field.name().equals(io.trainaudit.tables.ModelImpact.RUN_ID)) {
        schema = schema.add(field);
      }
    }
    return schema;
  }

  public static Path plantedManifestPath(Path out) {
    return out.resolve(GROUND_TRUTH_DIR).resolve(PlantedManifest.FILE_NAME);
  }

  public GenerationResult generate(GeneratorOptions options) {
    Objects.requireNonNull(options, "options");
    Path out = options.out().toAbsolutePath().normalize();
    SnapshotPlan plan = SnapshotPlan.derive(options.seed(), options.snapshots(), policy.internalRecipient());
    MemberSimulator simulator = new MemberSimulator(options, plan, policy);
    ModelPlan models = ModelPlan.derive(plan);
    List<Object[]> lineage = models.rows();
    int partitions = partitions(options);

    spark.sparkContext().setJobGroup(JOB_GROUP, "Generate " + options.members() + " members with seed " + options.seed(), false);
    try {
      List<Object[]> flags =
          simulator.contexts().rows().stream().map(MemberHistory.SensitiveContextRow::values).toList();
      for (InputTable table : InputTable.values()) {
        Dataset<Row> rows = simulated(simulator, options.members(), partitions, TableLayout.of(table), member -> member.rowsOf(table));
        if (table == InputTable.SENSITIVE_CONTEXTS) {
          rows = rows.unionByName(shared(TableLayout.of(table), flags));
        }
        if (table == InputTable.MODEL_TRAININGS) {
          rows = shared(TableLayout.of(table), lineage);
        }
        write(rows, out.resolve(table.tableName()), "table " + table.tableName());
      }
      for (OptOutMode mode : OptOutMode.values()) {
        Dataset<Row> rows = simulated(simulator, options.members(), partitions, TableLayout.GROUND_TRUTH, member -> member.groundTruthRows(mode));
        write(rows, groundTruthPath(out, mode), "ground truth " + mode.configValue());
      }
      spark.sparkContext().setJobDescription("Count the generated rows and planted cases");
      Tally tally =
          spark.range(0, options.members(), 1, partitions).javaRDD()
              .aggregate(new Tally(models), (sum, index) -> sum.add(simulator.simulate(index)), Tally::merge);
      for (OptOutMode mode : OptOutMode.values()) {
        write(spark.createDataFrame(tally.modelImpact(mode, models).stream().map(RowFactory::create).toList(),
            MODEL_IMPACT_SCHEMA), modelImpactPath(out, mode), "model impact ground truth " + mode.configValue());
      }
      GenerationResult result = tally.toResult(options,
          Map.of(InputTable.SENSITIVE_CONTEXTS, (long) flags.size(), InputTable.MODEL_TRAININGS, (long) lineage.size()),
          Map.of(InputTable.MODEL_TRAININGS, ModelPlan.invalidRows()));
      MemberGroundTruth.write(memberStatementsPath(out), simulator, models);
      PlantedManifest.write(plantedManifestPath(out), result, plan);
      LOG.info("Generated {} training rows ({} audited, {} invalid, {} duplicates) for {} members into {}; "
              + "expected findings: {}", result.trainingRows(), result.auditedTrainingRows(),
          result.invalidRows().get(InputTable.TRAINING_SNAPSHOTS), result.duplicateTrainingRows(), options.members(),
          out, result.expectedFindings());
      return result;
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  /** The rows one output gets from a member's simulation. */
  private interface MemberRows extends Serializable {
    List<Object[]> of(MemberHistory member);
  }

  private Dataset<Row> simulated(MemberSimulator simulator, long members, int partitions, TableLayout layout, MemberRows rowsOf) {
    FlatMapFunction<Long, Row> toRows =
        index -> rowsOf.of(simulator.simulate(index)).stream().map(RowFactory::create).iterator();
    return spark.range(0, members, 1, partitions)
        .flatMap(toRows, Encoders.row(layout.rawSchema()))
        .select(layout.contractColumns());
  }

  /** Rows built once on the driver (a few hundred), in a table's contract types. */
  private Dataset<Row> shared(TableLayout layout, List<Object[]> rows) {
    return spark.createDataFrame(rows.stream().map(RowFactory::create).toList(), layout.rawSchema())
        .select(layout.contractColumns());
  }

  private void write(Dataset<Row> rows, Path path, String what) {
    spark.sparkContext().setJobDescription("Write " + what);
    try {
      rows.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(path.toString());
    } catch (Exception e) {
      throw Errors.io("write the generated " + what + " to " + path, e);
    }
    LOG.info("Wrote {} to {}", what, path);
  }

  private int partitions(GeneratorOptions options) {
    long upperBoundRows = options.members() * options.recordsPerMember() * options.snapshots();
    long wanted = Math.max(spark.sparkContext().defaultParallelism(), upperBoundRows / MAX_ROWS_PER_PARTITION + 1);
    return (int) Math.min(Math.min(wanted, options.members()), 10_000);
  }
}
