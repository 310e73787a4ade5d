package io.trainaudit.notebooks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainaudit.Errors;
import io.trainaudit.audit.Progress;
import io.trainaudit.audit.RunRecord;
import io.trainaudit.audit.RunStore;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.notebooks.Notebook.Cell;
import io.trainaudit.notebooks.Notebook.CellType;
import io.trainaudit.notebooks.Notebook.Output;
import io.trainaudit.rules.Severity;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.TableLocation;
import io.trainaudit.tables.TrainingSnapshots;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Executes the notebooks as {@code jupyter nbconvert --execute} and papermill do, without a
 * kernel: the parameter cell filled from the config (papermill's {@code injected-parameters} cell
 * after it), every SQL cell run in order on a {@link NotebookSession}, its result written into
 * the notebook as an nbformat {@code execute_result} ({@code text/html} and {@code text/plain},
 * at most {@code maxRows} rows, with the true count), or, for a failing cell, an {@code error}
 * output, after which that notebook's later cells stay unexecuted. Each notebook is written as
 * {@code <name>.ipynb} and as a standalone {@code <name>.html} page.
 *
 * <p>The driver holds at most {@code maxRows + 1} rows of a result at a time.
 */
public final class NotebookExecutor {
  /** The notebooks of {@code notebooks/}, packaged in the jar beside this class. */
  public static final List<String> SHIPPED =
      List.of("overview.ipynb", "member_drilldown.ipynb", "trends.ipynb", "data_quality.ipynb",
          "model_impact.ipynb");
  /** The folder under {@code <output.reports>/<run id>/} that {@code bin/audit notebooks} writes by default. */
  public static final String FOLDER = "notebooks";
  public static final int DEFAULT_MAX_ROWS = 100;
  static final String INJECTED_CELL_ID = "injected-parameters";
  private static final String SHIPPED_RESOURCES = "shipped/";
  private static final String IPYNB = ".ipynb";
  private static final String HTML = ".html";
  private static final String TRAINAUDIT_METADATA = "trainaudit";
  private static final String EXECUTION_METADATA = "execution";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final SparkSession spark;
  private final AuditConfig config;

  public NotebookExecutor(SparkSession spark, AuditConfig config) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * What to execute, and where to.
   *
   * @param out the folder to write into; null: {@code <output.reports>/<latest run id>/notebooks}
   * @param memberId the drill-down's member; null: {@link #defaultMember()}
   * @param sources a folder of notebooks to execute instead of the shipped ones; null: the shipped ones
   * @param maxRows the rows of a cell's result written into the notebook, at least 1
   */
  public record Request(Path out, String memberId, Path sources, int maxRows) {
    public Request {
      if (maxRows < 1) {
        throw NotebookErrors.badMaxRows(maxRows);
      }
      if (memberId != null && (memberId.isBlank() || memberId.contains("\n") || memberId.contains("\r"))) {
        throw NotebookErrors.badMemberId(memberId);
      }
    }

    /** The shipped notebooks of the latest run, into its report folder, with the default member. */
    public static Request defaults() {
      return new Request(null, null, null, DEFAULT_MAX_ROWS);
    }

    public Request into(Path folder) {
      return new Request(folder, memberId, sources, maxRows);
    }
  }

  /**
   * A failed cell.
   *
   * @param cell its index among the notebook's cells as shipped, from 0
   * @param firstLine its first line of SQL
   * @param error the exception's message
   */
  public record Failure(String notebook, int cell, String firstLine, String error) {}

  /**
   * One executed notebook.
   *
   * @param cellsRun the code cells run, the injected one included
   * @param failure the cell that failed, or null
   */
  public record Written(String notebook, Path ipynb, Path html, int cellsRun, Failure failure) {}

  /** What an execution wrote: the run and member it was executed for, and each notebook. */
  public record Execution(String runId, String memberId, Path dir, List<Written> notebooks) {
    public Execution {
      notebooks = List.copyOf(notebooks);
    }

    public List<Failure> failures() {
      return notebooks.stream().map(Written::failure).filter(Objects::nonNull).toList();
    }

    /** Fails with {@link io.trainaudit.ErrorCode#NOTEBOOK_FAILED}, naming each failed cell, if any cell failed. */
    public void requireSucceeded() {
      if (!failures().isEmpty()) {
        throw NotebookErrors.cellsFailed(failures());
      }
    }
  }

  /** Executes every notebook and writes it; a failing cell is recorded, not thrown (see {@link Execution}). */
  public Execution execute(Request request) {
    String runId = new RunStore(spark, config.output().auditRuns()).lastSucceeded()
        .map(RunRecord::runId)
        .orElseThrow(() -> NotebookErrors.noRun(config.output().auditRuns().display()));
    Progress progress = new Progress("notebooks " + runId);
    String memberId = request.memberId() != null ? request.memberId() : defaultMember();
    progress.phase("parameters", "member " + memberId);
    Path dir = (request.out() != null ? request.out() : config.output().reports().resolve(runId).resolve(FOLDER))
        .toAbsolutePath().normalize();
    createDirectories(dir);
    List<Written> written = new ArrayList<>();
    spark.sparkContext().setJobGroup("notebooks-" + runId, "trainaudit notebooks of run " + runId, false);
    try {
      for (Source source : sources(request.sources())) {
        Written notebook = execute(source, runId, memberId, request.maxRows(), dir);
        progress.phase(source.name(), notebook.cellsRun() + " cells run"
            + (notebook.failure() == null ? "" : ", failed at cell " + notebook.failure().cell()));
        written.add(notebook);
      }
    } finally {
      spark.sparkContext().clearJobGroup();
    }
    return new Execution(runId, memberId, dir, written);
  }

  /**
   * The member the drill-down shows unless one is given: the smallest member id with an open
   * violation, else with any open finding, else any member of the training table.
   */
  public String defaultMember() {
    TableLocation findings = config.output().findings();
    if (DeltaTables.exists(spark, findings)) {
      Row first = DeltaTables.read(spark, findings)
          .where(col(Findings.STATUS).equalTo(lit(Findings.STATUS_OPEN)))
          .agg(min(when(col(Findings.SEVERITY).equalTo(lit(Severity.VIOLATION.value())), col(Findings.MEMBER_ID))),
              min(col(Findings.MEMBER_ID)))
          .first();
      for (int i = 0; i < 2; i++) {
        if (!first.isNullAt(i)) {
          return first.getString(i);
        }
      }
    }
    List<Row> any = DeltaTables.read(spark, config.location(InputTable.TRAINING_SNAPSHOTS))
        .select(TrainingSnapshots.MEMBER_ID)
        .where(col(TrainingSnapshots.MEMBER_ID).isNotNull())
        .limit(1)
        .collectAsList();
    return any.isEmpty() ? "" : any.get(0).getString(0);
  }

  private record Source(String name, String json) {
    String stem() {
      return name.substring(0, name.length() - IPYNB.length());
    }
  }

  private Written execute(Source source, String runId, String memberId, int maxRows, Path dir) {
    Notebook notebook = NotebookJson.read(source.name(), source.json());
    NotebookSession session = new NotebookSession(spark, config, memberId);
    String context = "run " + runId + ", member " + memberId
        + (config.source() == null ? "" : ", configuration " + config.source());
    List<Cell> cells = new ArrayList<>();
    int count = 0;
    Failure failure = null;
    for (int index = 0; index < notebook.cells().size(); index++) {
      Cell cell = notebook.cells().get(index);
      if (cell.hasTag(Notebook.INJECTED_PARAMETERS_TAG)) {
        continue;  // left by an earlier execution: replaced, as papermill does
      }
      if (cell.type() != CellType.CODE || failure != null) {
        cells.add(cell);
        continue;
      }
      spark.sparkContext().setJobDescription(source.name() + " cell " + index);
      count++;
      if (cell.hasTag(Notebook.PARAMETERS_TAG)) {
        // kept as shipped, unexecuted, with the values actually used in the cell after it
        cells.add(cell);
        String sql = null;
        List<Output> outputs = List.of();
        try {
          sql = session.applyParameters(source.name(), index, cell);
        } catch (Exception e) {
          outputs = List.of(error(e));
          failure = new Failure(source.name(), index, SqlCells.firstLine(cell.source()), message(e));
        }
        cells.add(injected(sql == null ? "" : sql, context, count, outputs));
        continue;
      }
      List<Output> outputs;
      try {
        Dataset<Row> result = session.query(source.name(), index, cell);
        ResultTable table = ResultTable.read(result, maxRows);
        outputs = table.columns().isEmpty()
            ? List.of()
            : List.of(new Notebook.ExecuteResult(count, table.html(), table.plain()));
      } catch (Exception e) {
        outputs = List.of(error(e));
        failure = new Failure(source.name(), index, SqlCells.firstLine(cell.source()), message(e));
      }
      cells.add(cell.executed(outputs, count));
    }
    Notebook executed = new Notebook(executionMetadata(notebook, runId, memberId, maxRows, failure == null), cells);

    Path ipynb = dir.resolve(source.stem() + IPYNB);
    Path html = dir.resolve(source.stem() + HTML);
    replace(ipynb, NotebookJson.write(executed));
    replace(html, NotebookPage.render(source.name(), source.name() + " executed by bin/audit notebooks: " + context
        + (failure == null ? "" : ". A cell failed: the cells after it were not run."), executed));
    return new Written(source.name(), ipynb, html, count, failure);
  }

  /** The notebook's metadata, with what it was executed for under {@code trainaudit.execution}. */
  private static ObjectNode executionMetadata(Notebook notebook, String runId, String memberId, int maxRows,
      boolean succeeded) {
    ObjectNode metadata = notebook.metadata();
    ObjectNode trainaudit = metadata.path(TRAINAUDIT_METADATA).isObject()
        ? (ObjectNode) metadata.get(TRAINAUDIT_METADATA)
        : metadata.putObject(TRAINAUDIT_METADATA);
    ObjectNode execution = trainaudit.putObject(EXECUTION_METADATA);
    execution.put("run_id", runId);
    execution.put("member_id", memberId);
    execution.put("max_rows", maxRows);
    execution.put("executed_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    execution.put("succeeded", succeeded);
    return metadata;
  }

  /** Papermill's injected cell: the parameter cell's statements with the values used. */
  private static Cell injected(String sql, String context, int count, List<Output> outputs) {
    ObjectNode metadata = NODES.objectNode();
    metadata.putArray("tags").add(Notebook.INJECTED_PARAMETERS_TAG);
    metadata.putObject(TRAINAUDIT_METADATA).putArray("expect_columns");
    String source = SqlCells.MAGIC + "\n"
        + "-- Injected by bin/audit notebooks (" + context + ").\n"
        + "-- It read each table at its location into the view named here, and ran this cell instead of the one above;\n"
        + "-- to run the notebook again in a Spark notebook, run this cell in place of the parameter cell.\n"
        + sql;
    return new Cell(INJECTED_CELL_ID, CellType.CODE, metadata, source, outputs, count);
  }

  private static Notebook.ErrorOutput error(Exception e) {
    String message = message(e);
    List<String> traceback = new ArrayList<>();
    traceback.add(e.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse(""));
    message.lines().skip(1).forEach(traceback::add);
    return new Notebook.ErrorOutput(e.getClass().getSimpleName(), message, traceback);
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private static List<Source> sources(Path folder) {
    List<Source> sources = new ArrayList<>();
    if (folder == null) {
      for (String name : SHIPPED) {
        try (InputStream in = NotebookExecutor.class.getResourceAsStream(SHIPPED_RESOURCES + name)) {
          if (in == null) {
            throw new IllegalStateException("the jar lacks the shipped notebook " + name);
          }
          sources.add(new Source(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
          throw Errors.io("read the shipped notebook " + name, e);
        }
      }
      return sources;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(IPYNB)).sorted().toList()) {
        sources.add(new Source(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw Errors.io("read the notebooks in " + folder, e);
    }
    if (sources.isEmpty()) {
      throw NotebookErrors.noNotebooks(folder.toString());
    }
    return sources;
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw Errors.io("create the notebooks folder " + dir, e);
    }
  }

  /** Writes beside the file, then moves it in place: a reader never sees half a notebook. */
  private static void replace(Path file, String content) {
    Path partial = file.resolveSibling("." + file.getFileName() + ".partial");
    try {
      Files.writeString(partial, content, StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw Errors.io("write " + file, e);
    }
  }
}
