package io.trainaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trainaudit.report.Chart.Bar;
import io.trainaudit.report.Chart.Bars;
import io.trainaudit.report.Chart.Kind;
import io.trainaudit.report.Chart.Line;
import io.trainaudit.report.Chart.Lines;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The charts are well-formed, accessible SVG with exact geometry and every value written out. */
class SvgChartTest {
  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  static List<String> all(Document doc, String tag, String attribute) {
    NodeList nodes = doc.getElementsByTagNameNS("*", tag);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      values.add(attribute == null ? e.getTextContent() : e.getAttribute(attribute));
    }
    return values;
  }

  @Test
  void barsAreWellFormedLabelledAndScaledToTheLargest() throws Exception {
    Bars chart = new Bars("chart-x", "Findings <by> rule & more", "What it shows.", List.of(
        new Bar("A", 10, Kind.VIOLATION), new Bar("A", 5, Kind.UNVERIFIABLE), new Bar("B", 0, Kind.FINDINGS)));
    Document svg = parse(SvgChart.render(chart));
    Element root = svg.getDocumentElement();
    assertEquals("svg", root.getLocalName());
    assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
    assertEquals("img", root.getAttribute("role"));
    assertEquals("Findings <by> rule & more", root.getAttribute("aria-label"));
    assertEquals("chart-x-desc", root.getAttribute("aria-describedby"));
    assertEquals("90", root.getAttribute("height"));
    assertEquals(List.of("Findings <by> rule & more", "A: 10 violations", "A: 5 unverifiable", "B: 0 findings"),
        all(svg, "title", null));
    assertEquals(List.of("What it shows."), all(svg, "desc", null));
    assertEquals(List.of("400", "200", "0"), all(svg, "rect", "width"));
    assertEquals(List.of("11", "33", "63"), all(svg, "rect", "y"));
    assertEquals(List.of("A", "10 violations", "5 unverifiable", "B", "0 findings"), all(svg, "text", null));
  }

  @Test
  void noBarsSaysSo() throws Exception {
    Document svg = parse(SvgChart.render(new Bars("empty", "Nothing", "No findings at all.", List.of())));
    assertEquals(List.of("No findings"), all(svg, "text", null));
    assertEquals("38", svg.getDocumentElement().getAttribute("height"));
  }

  @Test
  void linesPlotEveryRunOnANiceScale() throws Exception {
    Lines chart = new Lines("trend", "Trend", "Last runs.", List.of("01-01 00:00", "01-02 00:00", "01-03 00:00"),
        List.of(new Line(Kind.VIOLATION, List.of(0L, 2L, 4L)), new Line(Kind.UNVERIFIABLE, List.of(1L, 1L, 1L))));
    Document svg = parse(SvgChart.render(chart));
    assertEquals(List.of("70,216 340,116 610,16", "70,166 340,166 610,166"), all(svg, "polyline", "points"));
    assertEquals(List.of("", "6 4"), all(svg, "polyline", "stroke-dasharray"));
    assertEquals(List.of("0", "1", "2", "3", "4", "01-01 00:00", "01-02 00:00", "01-03 00:00", "latest: 4 violations",
        "latest: 1 unverifiable", "Runs, oldest first (date and time in UTC)"), all(svg, "text", null));
    assertEquals(List.of("Trend", "01-01 00:00: 0 violations", "01-02 00:00: 2 violations", "01-03 00:00: 4 violations",
        "01-01 00:00: 1 unverifiable", "01-02 00:00: 1 unverifiable", "01-03 00:00: 1 unverifiable"),
        all(svg, "title", null));
  }

  @Test
  void scalesRoundUpToOneTwoOrFiveTimesAPowerOfTen() {
    assertEquals(List.of(4L, 4L, 8L, 200L, 400L, 2000L, 8_000_000L),
        List.of(0L, 4L, 5L, 187L, 201L, 1001L, 5_063_000L).stream().map(SvgChart::niceMax).toList());
  }
}
