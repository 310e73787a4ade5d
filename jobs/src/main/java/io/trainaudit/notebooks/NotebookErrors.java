package io.trainaudit.notebooks;

import io.trainaudit.AuditException;
import io.trainaudit.ErrorCode;
import java.util.List;

/**
 * Every message the notebook executor fails with, in one place: "Cannot X: reason". Kept beside
 * the executor rather than in {@link io.trainaudit.Errors}, whose messages are the audit's.
 */
public final class NotebookErrors {
  private NotebookErrors() {}

  static AuditException unreadable(String notebook, String reason) {
    return new AuditException(ErrorCode.USAGE, "Cannot read notebook " + notebook + ": " + reason);
  }

  /** A statement the executor does not run in a cell that must hold only statements it knows. */
  static AuditException unknownStatement(String notebook, int cell, String statement, String expected) {
    return new AuditException(ErrorCode.NOTEBOOK_FAILED, "Cannot execute notebook " + notebook + ": cell " + cell
        + " holds a statement the executor does not run (" + expected + "): " + statement);
  }

  static AuditException unknownParameter(String notebook, int cell, String parameter) {
    return new AuditException(ErrorCode.NOTEBOOK_FAILED, "Cannot execute notebook " + notebook + ": cell " + cell
        + " names parameter trainaudit." + parameter + ", expected one of " + NotebookParameter.names());
  }

  static AuditException noParameterCell(String notebook) {
    return new AuditException(ErrorCode.NOTEBOOK_FAILED, "Cannot execute notebook " + notebook
        + ": it has no code cell tagged '" + Notebook.PARAMETERS_TAG + "'");
  }

  static AuditException notSql(String notebook, int cell) {
    return new AuditException(ErrorCode.NOTEBOOK_FAILED, "Cannot execute notebook " + notebook + ": cell " + cell
        + " does not open with " + SqlCells.MAGIC);
  }

  static AuditException noRun(String auditRuns) {
    return new AuditException(ErrorCode.USAGE, "Cannot execute the notebooks: no succeeded run in " + auditRuns
        + "; run bin/audit run first");
  }

  static AuditException noNotebooks(String folder) {
    return new AuditException(ErrorCode.USAGE, "Cannot execute the notebooks: no .ipynb file in " + folder);
  }

  static AuditException badMaxRows(int maxRows) {
    return new AuditException(ErrorCode.USAGE, "Cannot execute the notebooks: --max-rows must be at least 1, got "
        + maxRows);
  }

  static AuditException badMemberId(String memberId) {
    return new AuditException(ErrorCode.USAGE, "Cannot execute the notebooks: member id '" + memberId
        + "' is empty or holds a line break");
  }

  /**
   * The failed cells of an execution: notebook, cell index (as in the .ipynb file, from 0), the
   * cell's first line and the first line of the error; the executed notebooks hold the whole error.
   */
  static AuditException cellsFailed(List<NotebookExecutor.Failure> failures) {
    if (failures.size() == 1) {
      return new AuditException(ErrorCode.NOTEBOOK_FAILED, "Cannot execute notebook " + failures.get(0).notebook()
          + ": " + describe(failures.get(0)));
    }
    StringBuilder message = new StringBuilder("Cannot execute " + failures.size() + " notebooks:");
    failures.forEach(f -> message.append("\n  ").append(f.notebook()).append(": ").append(describe(f)));
    return new AuditException(ErrorCode.NOTEBOOK_FAILED, message.toString());
  }

  private static String describe(NotebookExecutor.Failure failure) {
    return "cell " + failure.cell() + " (" + failure.firstLine() + ") failed: " + failure.error().lines().findFirst().orElse("");
  }
}
