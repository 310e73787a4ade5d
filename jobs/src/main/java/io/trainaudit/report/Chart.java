package io.trainaudit.report;

import java.util.List;
import java.util.Objects;

/** What a report chart shows, independent of how it is drawn (inline SVG on screen, bars of boxes in the PDF). */
public sealed interface Chart {
  /** The element id and the chart's accessible name. */
  String id();

  String title();

  /** What the chart shows, in a sentence, for readers who cannot see it. */
  String description();

  /** How a bar or a line is drawn: its kind is also spelled out in its label, never shown by colour alone. */
  enum Kind {
    VIOLATION("violation"),
    UNVERIFIABLE("unverifiable"),
    FINDINGS("finding");

    private final String noun;

    Kind(String noun) {
      this.noun = noun;
    }

    /** "3 violations", "1 unverifiable", "12 findings". */
    public String label(long value) {
      return this == UNVERIFIABLE ? Verdict.format(value) + " unverifiable" : Verdict.count(value, noun);
    }

    String cssClass() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One horizontal bar: the category it belongs to, its value and its kind. */
  record Bar(String category, long value, Kind kind) {
    public Bar {
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(kind, "kind");
      if (value < 0) {
        throw new IllegalArgumentException("a bar's value must not be negative: " + value);
      }
    }
  }

  /** Horizontal bars, grouped by consecutive equal categories. */
  record Bars(String id, String title, String description, List<Bar> bars) implements Chart {
    public Bars {
      bars = List.copyOf(bars);
    }
  }

  /** One series of a line chart, one value per x label. */
  record Line(Kind kind, List<Long> values) {
    public Line {
      values = List.copyOf(values);
    }
  }

  /** Lines over ordered x labels (runs, oldest first). */
  record Lines(String id, String title, String description, List<String> xLabels, List<Line> lines)
      implements Chart {
    public Lines {
      xLabels = List.copyOf(xLabels);
      lines = List.copyOf(lines);
      for (Line line : lines) {
        if (line.values().size() != xLabels.size()) {
          throw new IllegalArgumentException("a line has " + line.values().size() + " values for "
              + xLabels.size() + " x labels");
        }
      }
    }
  }
}
