package io.trainaudit.report;

/**
 * The report's one inline style sheet, for the browser and the PDF renderer alike: system fonts
 * only, and paged media rules (A4, running header with run id and date, page numbers).
 */
final class ReportStyle {
  private ReportStyle() {}

  static String css(String runId, String date, HtmlReport.Medium medium) {
    String header = cssString("Training data audit report \u00b7 " + runId);
    return """
        @page {
          size: A4;
          margin: 22mm 15mm 20mm 15mm;
          @top-left { font-family: Helvetica, Arial, sans-serif; content: %s; font-size: 8pt; color: #475467; }
          @top-right { font-family: Helvetica, Arial, sans-serif; content: %s; font-size: 8pt; color: #475467; }
          @bottom-right { font-family: Helvetica, Arial, sans-serif; content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #475467; }
        }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; background: %s; color: #1d2939;
          font-family: "Segoe UI", "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
          font-size: %s; line-height: 1.45; }
        .masthead { background: #101828; color: #ffffff; padding: 10px 32px; }
        .masthead p { margin: 0; display: inline-block; }
        .masthead .product { font-weight: bold; letter-spacing: 0.08em; text-transform: uppercase; margin-right: 16px; }
        .masthead .run { color: #d0d5dd; }
        main { max-width: 980px; margin: 0 auto; padding: %s; background: #ffffff; }
        h1 { font-size: 1.8em; margin: 0 0 16px 0; }
        h2 { font-size: 1.35em; margin: 28px 0 8px 0; padding-bottom: 4px; border-bottom: 2px solid #eaecf0;
          page-break-after: avoid; }
        h3 { font-size: 1.08em; margin: 20px 0 4px 0; page-break-after: avoid; }
        .verdict { border: 1px solid #d0d5dd; border-left: 8px solid #12b76a; padding: 4px 20px 12px 20px;
          background: #ecfdf3; page-break-inside: avoid; }
        .verdict.warn { border-left-color: #f79009; background: #fffaeb; }
        .verdict.fail { border-left-color: #d92d20; background: #fef3f2; }
        .verdict h2 { border-bottom: none; margin-top: 12px; }
        .badge { display: inline-block; padding: 1px 10px; margin-right: 8px; border: 2px solid #1d2939;
          font-size: 0.8em; letter-spacing: 0.06em; background: #ffffff; }
        .verdict .sentence { font-size: 1.18em; font-weight: 600; margin: 4px 0 8px 0; }
        .explain { color: #475467; margin: 0 0 8px 0; }
        .facts { margin: 0; }
        .facts div { display: inline-block; margin: 0 24px 0 0; }
        .facts dt { display: inline; color: #475467; }
        .facts dt::after { content: ": "; }
        .facts dd { display: inline; margin: 0; font-weight: 600; }
        table { border-collapse: collapse; margin: 8px 0 12px 0; -fs-table-paginate: paginate; }
        caption { text-align: left; font-weight: 600; color: #344054; padding: 4px 0; caption-side: top; }
        th, td { border-bottom: 1px solid #eaecf0; padding: 4px 10px; text-align: left; vertical-align: top; }
        thead th { background: #f2f4f7; border-bottom: 2px solid #d0d5dd; }
        tbody th { font-weight: normal; }
        tr { page-break-inside: avoid; }
        table.numbers { min-width: 45%%; }
        .num { text-align: right; white-space: nowrap; }
        table.findings { width: 100%%; font-size: 0.86em; table-layout: fixed; }
        table.findings th, table.findings td { word-wrap: break-word; overflow-wrap: anywhere; }
        table.findings th:nth-child(1) { width: 13%%; }
        table.findings th:nth-child(2) { width: 12%%; }
        table.findings th:nth-child(3) { width: 11%%; }
        table.findings th:nth-child(4) { width: 12%%; }
        table.findings th:nth-child(5) { width: 12%%; }
        table.findings th:nth-child(6) { width: 7%%; }
        table.findings th:nth-child(7) { width: 33%%; }
        .id, .setting { font-family: "DejaVu Sans Mono", Consolas, Menlo, monospace; font-size: 0.92em;
          word-wrap: break-word; overflow-wrap: anywhere; }
        table.settings { width: 100%%; table-layout: fixed; }
        table.settings th { width: 30%%; }
        figure { margin: 12px 0 24px 0; page-break-inside: avoid; }
        figcaption { color: #475467; font-size: 0.92em; margin-top: 4px; }
        svg.chart { display: block; max-width: 100%%; height: auto; }
        svg.chart text { font-size: 12px; }
        table.bars { width: 100%%; }
        table.bars td.track { width: 55%%; }
        .fill { height: 12px; }
        .fill.violation { background: #b42318; }
        .fill.unverifiable { background: #b54708; }
        .fill.findings { background: #344054; }
        .rule { border-top: 1px solid #eaecf0; }
        .rule .description { margin: 0 0 6px 0; }
        .none { color: #027a48; }
        .unchecked-why { color: #b54708; font-weight: 600; }
        .words { font-weight: 600; }
        .note { color: #475467; font-style: italic; }
        footer { max-width: 980px; margin: 0 auto; padding: 8px 32px 32px 32px; color: #475467; font-size: 0.86em; }
        """.formatted(header, cssString(date), medium == HtmlReport.Medium.SCREEN ? "#f9fafb" : "#ffffff",
        medium == HtmlReport.Medium.SCREEN ? "15px" : "10pt",
        medium == HtmlReport.Medium.SCREEN ? "24px 32px 40px 32px" : "0")
        + (medium == HtmlReport.Medium.PRINT ? PRINT_ONLY : "");
  }

  /** On A4 the findings tables need a smaller type and a wider region column to keep words whole. */
  private static final String PRINT_ONLY = """
      table.findings { font-size: 7.5pt; }
      table.findings th:nth-child(3) { width: 10%; }
      table.findings th:nth-child(6) { width: 9%; }
      """;

  /** A CSS string literal, quoted and escaped. */
  static String cssString(String text) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
        s.append('\\').append(Integer.toHexString(c)).append(' ');
      } else {
        s.append(c);
      }
    }
    return s.append('"').toString();
  }
}
