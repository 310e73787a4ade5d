package io.trainaudit.report;

import io.trainaudit.report.Chart.Bar;
import io.trainaudit.report.Chart.Bars;
import io.trainaudit.report.Chart.Kind;
import io.trainaudit.report.Chart.Line;
import io.trainaudit.report.Chart.Lines;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link Chart} as one self-contained, well-formed inline SVG element: colours as
 * attributes, text in the page's own font, every value written as a label beside its bar or point,
 * and the chart named by {@code <title>}, {@code <desc>}, {@code role="img"} and {@code aria-label}.
 *
 * <p>The project draws its charts itself instead of using a charting library: it needs only two
 * shapes, and the Java libraries that write SVG (JFreeChart with JFreeSVG, XChart) measure text
 * through AWT fonts, which headless servers often lack, and bring far more than these two shapes.
 */
public final class SvgChart {
  static final int WIDTH = 760;
  static final int LABEL_WIDTH = 230;
  static final int BAR_AREA = 400;
  static final int ROW = 22;
  static final int BAR_HEIGHT = 16;
  static final int GROUP_GAP = 8;
  static final int MAX_LABEL_CHARS = 34;
  private static final String TEXT = "#1d2939";
  private static final String GRID = "#d0d5dd";

  private SvgChart() {}

  /** The chart as an SVG element. */
  public static String render(Chart chart) {
    if (chart instanceof Bars bars) {
      return bars(bars);
    }
    return lines((Lines) chart);
  }

  static String fill(Kind kind) {
    return switch (kind) {
      case VIOLATION -> "#b42318";
      case UNVERIFIABLE -> "#b54708";
      case FINDINGS -> "#344054";
    };
  }

  private static String bars(Bars chart) {
    List<Bar> bars = chart.bars();
    long max = bars.stream().mapToLong(Bar::value).max().orElse(0);
    int groups = 0;
    String previous = null;
    for (Bar bar : bars) {
      if (!bar.category().equals(previous)) {
        groups++;
        previous = bar.category();
      }
    }
    int height = bars.isEmpty() ? ROW + 16 : 8 + bars.size() * ROW + Math.max(0, groups - 1) * GROUP_GAP + 8;
    StringBuilder svg = open(chart, height);
    if (bars.isEmpty()) {
      svg.append(text(8, 24, "start", "No findings", ""));
    }
    svg.append(line(LABEL_WIDTH, 4, LABEL_WIDTH, height - 4, GRID, ""));
    double y = 8;
    previous = null;
    for (Bar bar : bars) {
      boolean first = !bar.category().equals(previous);
      if (first && previous != null) {
        y += GROUP_GAP;
      }
      previous = bar.category();
      double barY = y + (ROW - BAR_HEIGHT) / 2.0;
      double textY = y + ROW / 2.0 + 4;
      if (first) {
        svg.append(text(LABEL_WIDTH - 8, textY, "end", shorten(bar.category()), ""));
      }
      double width = max == 0 ? 0 : Math.max(bar.value() > 0 ? 2 : 0, (double) bar.value() / max * BAR_AREA);
      String label = bar.kind().label(bar.value());
      svg.append("<g class=\"bar ").append(bar.kind().cssClass()).append("\">");
      svg.append("<title>").append(Xml.escape(bar.category() + ": " + label)).append("</title>");
      svg.append("<rect x=\"").append(LABEL_WIDTH).append("\" y=\"").append(num(barY)).append("\" width=\"")
          .append(num(width)).append("\" height=\"").append(BAR_HEIGHT).append("\" fill=\"").append(fill(bar.kind()))
          .append("\"/>");
      svg.append(text(LABEL_WIDTH + width + 6, textY, "start", label, "value"));
      svg.append("</g>");
      y += ROW;
    }
    return svg.append("</svg>").toString();
  }

  private static String lines(Lines chart) {
    int height = 260;
    int left = 70;
    int right = WIDTH - 150;
    int top = 16;
    int bottom = height - 44;
    long max = chart.lines().stream().flatMap(l -> l.values().stream()).mapToLong(Long::longValue).max().orElse(0);
    long scale = niceMax(max);
    StringBuilder svg = open(chart, height);
    for (int i = 0; i <= 4; i++) {
      double y = bottom - (bottom - top) * i / 4.0;
      svg.append(line(left, y, right, y, GRID, ""));
      svg.append(text(left - 8, y + 4, "end", Verdict.format(scale * i / 4), "axis"));
    }
    int n = chart.xLabels().size();
    int every = Math.max(1, (int) Math.ceil(n / 7.0));
    for (int i = 0; i < n; i++) {
      if (i % every == 0 || i == n - 1) {
        svg.append(text(x(i, n, left, right), bottom + 18, "middle", chart.xLabels().get(i), "axis"));
      }
    }
    int legendY = top + 8;
    for (Line line : chart.lines()) {
      svg.append("<g class=\"series ").append(line.kind().cssClass()).append("\">");
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < n; i++) {
        points.append(i == 0 ? "" : " ").append(num(x(i, n, left, right))).append(',')
            .append(num(y(line.values().get(i), scale, top, bottom)));
      }
      svg.append("<polyline fill=\"none\" stroke=\"").append(fill(line.kind())).append("\" stroke-width=\"2\"")
          .append(line.kind() == Kind.UNVERIFIABLE ? " stroke-dasharray=\"6 4\"" : "").append(" points=\"")
          .append(points).append("\"/>");
      for (int i = 0; i < n; i++) {
        double px = x(i, n, left, right);
        double py = y(line.values().get(i), scale, top, bottom);
        svg.append("<g class=\"point\"><title>").append(Xml.escape(chart.xLabels().get(i) + ": "
            + line.kind().label(line.values().get(i)))).append("</title>").append(marker(line.kind(), px, py))
            .append("</g>");
      }
      svg.append(marker(line.kind(), right + 20, legendY - 4));
      long last = n == 0 ? 0 : line.values().get(n - 1);
      svg.append(text(right + 32, legendY, "start", "latest: " + line.kind().label(last), "legend"));
      svg.append("</g>");
      legendY += 22;
    }
    svg.append(text(left, height - 6, "start", "Runs, oldest first (date and time in UTC)", "axis"));
    return svg.append("</svg>").toString();
  }

  private static StringBuilder open(Chart chart, int height) {
    String id = chart.id();
    StringBuilder svg = new StringBuilder(4096);
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"").append(Xml.escape(id))
        .append("\" class=\"chart\" role=\"img\" aria-label=\"").append(Xml.escape(chart.title()))
        .append("\" aria-describedby=\"").append(Xml.escape(id)).append("-desc\" width=\"").append(WIDTH)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" font-family=\"Segoe UI, Helvetica, Arial, sans-serif\" font-size=\"12\">");
    svg.append("<title>").append(Xml.escape(chart.title())).append("</title>");
    svg.append("<desc id=\"").append(Xml.escape(id)).append("-desc\">").append(Xml.escape(chart.description()))
        .append("</desc>");
    return svg;
  }

  private static String marker(Kind kind, double x, double y) {
    return kind == Kind.UNVERIFIABLE
        ? "<rect x=\"" + num(x - 4) + "\" y=\"" + num(y - 4) + "\" width=\"8\" height=\"8\" fill=\"" + fill(kind) + "\"/>"
        : "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"4\" fill=\"" + fill(kind) + "\"/>";
  }

  private static String text(double x, double y, String anchor, String content, String cssClass) {
    return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\" fill=\"" + TEXT + "\""
        + (cssClass.isEmpty() ? "" : " class=\"" + cssClass + "\"") + ">" + Xml.escape(content) + "</text>";
  }

  private static String line(double x1, double y1, double x2, double y2, String stroke, String cssClass) {
    return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2)
        + "\" stroke=\"" + stroke + "\"" + (cssClass.isEmpty() ? "" : " class=\"" + cssClass + "\"") + "/>";
  }

  private static double x(int i, int n, int left, int right) {
    return n <= 1 ? (left + right) / 2.0 : left + (right - left) * (double) i / (n - 1);
  }

  private static double y(long value, long scale, int top, int bottom) {
    return bottom - (bottom - top) * (double) value / scale;
  }

  /** The smallest 1, 2 or 5 times a power of ten, divisible into four, that is at least max. */
  static long niceMax(long max) {
    if (max <= 4) {
      return 4;
    }
    long power = 1;
    while (true) {
      for (long step : new long[] {1, 2, 5}) {
        long candidate = step * power * 4;
        if (candidate >= max) {
          return candidate;
        }
      }
      power *= 10;
    }
  }

  static String shorten(String label) {
    return label.length() <= MAX_LABEL_CHARS ? label : label.substring(0, MAX_LABEL_CHARS - 3) + "...";
  }

  /** A coordinate with at most one decimal, without a trailing ".0". */
  static String num(double value) {
    String s = String.format(Locale.ROOT, "%.1f", value);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }
}
