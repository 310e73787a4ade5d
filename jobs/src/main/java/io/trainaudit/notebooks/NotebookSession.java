package io.trainaudit.notebooks;

import io.trainaudit.config.AuditConfig;
import io.trainaudit.notebooks.Notebook.Cell;
import io.trainaudit.notebooks.SqlCells.History;
import io.trainaudit.notebooks.SqlCells.ParameterStatement;
import io.trainaudit.notebooks.SqlCells.SetValue;
import io.trainaudit.notebooks.SqlCells.TableView;
import io.trainaudit.notebooks.SqlCells.ValueView;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.TableLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Runs the {@code %%sql} cells of the notebooks as a reader's Spark notebook would, on a session
 * of its own (its temporary views do not reach the caller's session). The parameter cell's views
 * are created from DataFrames read at the configured locations, and {@code DESCRIBE HISTORY} of a
 * parameter goes through the Delta API: no location from the config is spliced into SQL text.
 * Every other statement runs as written, with {@code spark.sql}.
 */
public final class NotebookSession {
  private final SparkSession spark;
  private final AuditConfig config;
  private final String memberId;

  /**
   * @param spark the session to derive this one from
   * @param memberId the value of {@code trainaudit.member_id}
   */
  public NotebookSession(SparkSession spark, AuditConfig config, String memberId) {
    this.spark = Objects.requireNonNull(spark, "spark").newSession();
    this.config = Objects.requireNonNull(config, "config");
    this.memberId = Objects.requireNonNull(memberId, "memberId");
  }

  /**
   * Runs a parameter cell with the values of the config and the member instead of the ones it
   * ships with: creates its views, and returns its statements with those values, as the SQL of
   * the cell that papermill would inject after it.
   *
   * @param notebook the notebook's name and {@code index} the cell's position in it, for messages
   */
  public String applyParameters(String notebook, int index, Cell cell) {
    if (!SqlCells.isSql(cell.source())) {
      throw NotebookErrors.notSql(notebook, index);
    }
    List<String> injected = new ArrayList<>();
    for (String statement : SqlCells.statements(SqlCells.body(cell.source()))) {
      ParameterStatement meaning = SqlCells.parameterStatement(statement).orElseThrow(() ->
          NotebookErrors.unknownStatement(notebook, index, statement.strip(),
              "a parameter cell holds SET trainaudit.<name> = <value> and CREATE OR REPLACE TEMPORARY VIEW"
                  + " <view> AS SELECT * FROM delta.`${trainaudit.<name>}` or SELECT '${trainaudit.<name>}' AS <column>"));
      if (meaning instanceof SetValue set) {
        NotebookParameter parameter = parameter(notebook, index, set.parameter());
        injected.add("SET " + NotebookParameter.PREFIX + set.parameter() + " = "
            + (parameter.isTable() ? parameter.location(config).display() : memberId));
      } else if (meaning instanceof TableView view) {
        TableLocation location = table(notebook, index, view.parameter(), statement);
        DeltaTables.read(spark, location).createOrReplaceTempView(view.view());
        injected.add(location instanceof TableLocation.CatalogTable catalog
            ? "CREATE OR REPLACE TEMPORARY VIEW " + view.view() + " AS SELECT * FROM " + catalog.name()
            : SqlCells.withoutComments(statement));
      } else if (meaning instanceof ValueView view) {
        if (parameter(notebook, index, view.parameter()).isTable()) {
          throw NotebookErrors.unknownStatement(notebook, index, statement.strip(), "a table is read with SELECT *");
        }
        StructType schema = new StructType().add(view.column(), DataTypes.StringType, false);
        spark.createDataFrame(List.of(RowFactory.create(memberId)), schema).createOrReplaceTempView(view.view());
        injected.add(SqlCells.withoutComments(statement));
      }
    }
    return String.join(";\n", injected);
  }

  /** Runs a cell's statements in order and returns the result of the last one, not yet evaluated. */
  public Dataset<Row> query(String notebook, int index, Cell cell) {
    if (!SqlCells.isSql(cell.source())) {
      throw NotebookErrors.notSql(notebook, index);
    }
    Dataset<Row> result = null;
    for (String statement : SqlCells.statements(SqlCells.body(cell.source()))) {
      Optional<History> history = SqlCells.history(statement);
      if (history.isPresent()) {
        TableLocation location = table(notebook, index, history.get().parameter(), statement);
        result = history.get().limit() == null
            ? DeltaTables.handle(spark, location).history()
            : DeltaTables.handle(spark, location).history(history.get().limit());
      } else if (SqlCells.readsParameter(statement)) {
        throw NotebookErrors.unknownStatement(notebook, index, statement.strip(),
            "outside the parameter cell, only DESCRIBE HISTORY delta.`${trainaudit.<name>}` reads a parameter");
      } else {
        result = spark.sql(statement);
      }
    }
    if (result == null) {
      throw NotebookErrors.unknownStatement(notebook, index, cell.source(), "a code cell holds a statement");
    }
    return result;
  }

  private TableLocation table(String notebook, int index, String name, String statement) {
    NotebookParameter parameter = parameter(notebook, index, name);
    if (!parameter.isTable()) {
      throw NotebookErrors.unknownStatement(notebook, index, statement.strip(),
          "trainaudit." + name + " is not a table");
    }
    return parameter.location(config);
  }

  private static NotebookParameter parameter(String notebook, int index, String name) {
    return NotebookParameter.byName(name).orElseThrow(() -> NotebookErrors.unknownParameter(notebook, index, name));
  }
}
