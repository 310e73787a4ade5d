package io.trainaudit.evidence;

import io.trainaudit.report.PdfReport;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * summary.pdf: the same document as summary.json, for reading. Each top-level section of the
 * summary becomes a titled table; nested maps become nested tables and lists comma-separated text.
 * The PDF's standard fonts show Latin-1 only, and invisible characters (line breaks, tabs,
 * right-to-left overrides) would hide or reorder what a value says, so every other character is
 * shown as {@code <U+XXXX>} ({@link #visible}): the text reads back exactly, and summary.json holds it as is.
 */
final class SummaryPdf {
  private SummaryPdf() {}

  static void write(Map<String, Object> summary, Map<String, String> sectionTitles, String title, Path file) {
    StringBuilder html = new StringBuilder()
        .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>")
        .append("<title>").append(escape(title)).append("</title><style>")
        .append("body{font-family:sans-serif;font-size:9pt} h1{font-size:15pt} h2{font-size:12pt;margin-top:14pt}")
        .append(" table{border-collapse:collapse;width:100%} td{border:0.5pt solid #999;padding:2pt;vertical-align:top;word-wrap:break-word}")
        .append(" td.k{width:35%;font-weight:bold}</style></head><body>")
        .append("<h1>").append(escape(title)).append("</h1>")
        .append("<p>Characters outside Latin-1, and invisible ones, are shown as &lt;U+XXXX&gt;;"
            + " summary.json holds the exact text.</p>");
    Map<String, Object> header = new java.util.LinkedHashMap<>();
    summary.forEach((key, value) -> {
      if (!sectionTitles.containsKey(key)) {
        header.put(key, value);
      }
    });
    table(html, header);
    sectionTitles.forEach((key, sectionTitle) -> {
      html.append("<h2>").append(escape(sectionTitle)).append("</h2>");
      Object section = summary.get(key);
      if (section instanceof Map<?, ?> map) {
        table(html, map);
      } else {
        html.append("<p>").append(escape(text(section))).append("</p>");
      }
    });
    html.append("</body></html>");
    PdfReport.write(html.toString(), file);
  }

  private static void table(StringBuilder html, Map<?, ?> map) {
    html.append("<table>");
    map.forEach((key, value) -> {
      html.append("<tr><td class=\"k\">").append(escape(String.valueOf(key))).append("</td><td>");
      if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
        table(html, nested);
      } else if (value instanceof Collection<?> list && !list.isEmpty() && list.iterator().next() instanceof Map) {
        for (Object element : list) {
          table(html, (Map<?, ?>) element);
        }
      } else {
        html.append(escape(text(value)));
      }
      html.append("</td></tr>");
    });
    html.append("</table>");
  }

  private static String text(Object value) {
    if (value == null) {
      return "-";
    }
    if (value instanceof Collection<?> list) {
      return list.isEmpty() ? "none" : String.join(", ", list.stream().map(String::valueOf).toList());
    }
    if (value instanceof Map<?, ?> map && map.isEmpty()) {
      return "none";
    }
    String text = String.valueOf(value);
    return text.isEmpty() ? "(not stated)" : text;
  }

  /**
   * The text with every character but printable Latin-1 written as {@code <U+XXXX>} (4 to 6 hex
   * digits), and a {@code <} that would start such a sequence written as {@code <U+003C>}, so
   * that the notation reverses without ambiguity.
   */
  static String visible(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      boolean printable = (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xFF && cp != 0xAD);
      if (!printable || (cp == '<' && text.startsWith("U+", i + 1))) {
        out.append(String.format(Locale.ROOT, "<U+%04X>", cp));
      } else {
        out.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  /** XML text of a value, made {@link #visible} first. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : visible(text).toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
