package io.trainaudit.notebooks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML for the executed notebooks: escaping, and the small part of Markdown the notebooks'
 * text cells use (headings, paragraphs, bullet lists, bold and code spans). Anything else reads
 * as plain text; nothing is ever passed through unescaped.
 */
final class Html {
  private static final Pattern HEADING = Pattern.compile("(#{1,6})\\s+(.*)");
  private static final Pattern BULLET = Pattern.compile("[-*]\\s+(.*)");
  private static final Pattern CODE = Pattern.compile("``\\s?(.+?)\\s?``|`([^`]+)`");
  private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");

  private Html() {}

  /** The text, safe inside an element or a double-quoted attribute; control characters become spaces. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
      }
    }
    return out.toString();
  }

  /** A Markdown text cell as HTML. */
  static String markdown(String source) {
    StringBuilder out = new StringBuilder();
    List<String> paragraph = new ArrayList<>();
    List<String> items = new ArrayList<>();
    for (String line : source.split("\n", -1)) {
      Matcher heading = HEADING.matcher(line);
      Matcher bullet = BULLET.matcher(line);
      if (line.isBlank() || heading.matches()) {
        flush(out, paragraph, items);
      } else if (bullet.matches()) {
        flush(out, paragraph, List.of());
      }
      if (heading.matches()) {
        int level = heading.group(1).length();
        out.append("<h").append(level).append('>').append(inline(heading.group(2).strip())).append("</h")
            .append(level).append(">\n");
      } else if (bullet.matches()) {
        items.add(bullet.group(1));
      } else if (!line.isBlank()) {
        if (!items.isEmpty() && Character.isWhitespace(line.charAt(0))) {
          items.set(items.size() - 1, items.get(items.size() - 1) + " " + line.strip());
        } else {
          flush(out, List.of(), items);
          paragraph.add(line.strip());
        }
      }
    }
    flush(out, paragraph, items);
    return out.toString();
  }

  private static void flush(StringBuilder out, List<String> paragraph, List<String> items) {
    if (!paragraph.isEmpty()) {
      out.append("<p>").append(inline(String.join(" ", paragraph))).append("</p>\n");
      paragraph.clear();
    }
    if (!items.isEmpty()) {
      out.append("<ul>\n");
      items.forEach(item -> out.append("<li>").append(inline(item)).append("</li>\n"));
      out.append("</ul>\n");
      items.clear();
    }
  }

  /** Code spans first, so that nothing inside them is read as Markdown; then bold. */
  private static String inline(String text) {
    StringBuilder out = new StringBuilder();
    Matcher code = CODE.matcher(text);
    int last = 0;
    while (code.find()) {
      out.append(bold(escape(text.substring(last, code.start()))));
      String span = code.group(1) != null ? code.group(1) : code.group(2);
      out.append("<code>").append(escape(span)).append("</code>");
      last = code.end();
    }
    return out.append(bold(escape(text.substring(last)))).toString();
  }

  private static String bold(String escaped) {
    return BOLD.matcher(escaped).replaceAll("<strong>$1</strong>");
  }
}
