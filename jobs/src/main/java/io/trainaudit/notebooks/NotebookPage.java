package io.trainaudit.notebooks;

import io.trainaudit.notebooks.Notebook.Cell;
import io.trainaudit.notebooks.Notebook.CellType;
import io.trainaudit.notebooks.Notebook.ErrorOutput;
import io.trainaudit.notebooks.Notebook.ExecuteResult;
import io.trainaudit.notebooks.Notebook.Output;

/**
 * An executed notebook as one standalone HTML page for a reader without Jupyter: inline CSS, no
 * script, nothing fetched from anywhere. Text cells are rendered, each SQL cell is shown folded
 * above its result table or error, and the shipped parameter cell, replaced by the injected one,
 * is left out.
 */
final class NotebookPage {
  private static final String STYLE = String.join("\n",
      "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:72rem;margin:2rem auto;"
          + "padding:0 1rem;color:#1b1b1b;line-height:1.45}",
      "header{border-bottom:1px solid #ccc;margin-bottom:1.5rem;color:#444;font-size:.9rem}",
      "code,pre{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.85rem}",
      "pre{background:#f5f5f5;padding:.6rem;overflow-x:auto;white-space:pre}",
      "details{margin:.5rem 0}summary{cursor:pointer;color:#555;font-size:.85rem}",
      ".out{overflow-x:auto;margin-bottom:1.5rem}",
      "table.dataframe{border-collapse:collapse;font-size:.85rem}",
      "table.dataframe th,table.dataframe td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;"
          + "vertical-align:top;white-space:pre-wrap}",
      "table.dataframe th{background:#eef}td.null{color:#888;font-style:italic}",
      "p.count{color:#555;font-size:.85rem}",
      ".error{background:#fdecea;border-left:4px solid #b00020;padding:.6rem}");

  private NotebookPage() {}

  /**
   * The page of an executed notebook.
   *
   * @param title the notebook's name
   * @param header what was executed against, e.g. the run and the member
   */
  static String render(String title, String header, Notebook notebook) {
    StringBuilder out = new StringBuilder(32 * 1024)
        .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(Html.escape(title)).append("</title>\n<style>\n").append(STYLE).append("\n</style>\n</head>\n<body>\n")
        .append("<header><p>").append(Html.escape(header)).append("</p></header>\n");
    for (Cell cell : notebook.cells()) {
      if (cell.type() == CellType.MARKDOWN) {
        out.append("<section>\n").append(Html.markdown(cell.source())).append("</section>\n");
      } else if (cell.type() == CellType.CODE && !cell.hasTag(Notebook.PARAMETERS_TAG)) {
        code(out, cell);
      }
    }
    return out.append("</body>\n</html>\n").toString();
  }

  private static void code(StringBuilder out, Cell cell) {
    String label = cell.executionCount() == null ? "SQL (not run)" : "SQL [" + cell.executionCount() + "]";
    out.append("<details><summary>").append(label).append("</summary><pre><code>")
        .append(Html.escape(cell.source())).append("</code></pre></details>\n");
    for (Output output : cell.outputs()) {
      if (output instanceof ExecuteResult result) {
        out.append("<div class=\"out\">\n").append(result.html()).append("\n</div>\n");
      } else if (output instanceof ErrorOutput error) {
        out.append("<div class=\"error\"><p><strong>").append(Html.escape(error.ename())).append("</strong></p><pre>")
            .append(Html.escape(String.join("\n", error.traceback()))).append("</pre></div>\n");
      }
    }
  }
}
