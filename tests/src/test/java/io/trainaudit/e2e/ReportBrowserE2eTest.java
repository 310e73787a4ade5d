package io.trainaudit.e2e;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.audit.SummaryFile;
import io.trainaudit.report.ReportData.RuleCount;
import io.trainaudit.report.RunReport;
import io.trainaudit.report.Verdict;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report a compliance officer opens after a run: generated data, a real audit through the
 * command line, then report.html in headless Chromium (rendered verdict and charts, no console
 * error, no network request, a screenshot in target/) and report.pdf read back with PDFBox.
 */
@Tag("browser")
class ReportBrowserE2eTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CHARTS = List.of("chart-rules", "chart-regions", "chart-snapshots", "chart-trend");

  /** Where the screenshot and a copy of the report are left for a person to look at. */
  private static final Path ARTIFACTS = Path.of("target");

  @TempDir static Path dir;
  static Path reportDir;
  static String runId;
  static String expectedVerdict;

  @BeforeAll
  static void auditGeneratedData() throws Exception {
    GeneratedData.shared(dir);
    Path config = GeneratedData.config(dir, "audit.yaml", "policy: {opt_out_mode: use_time}");
    Cli.Outcome run = Cli.run("run", "--config", config.toString(), "--full");
    assertEquals(1, run.exitCode(), run.err());
    try (Stream<Path> runs = Files.list(dir.resolve("out/reports"))) {
      List<Path> dirs = runs.toList();
      assertEquals(1, dirs.size(), dirs.toString());
      reportDir = dirs.get(0);
    }
    runId = reportDir.getFileName().toString();
    assertTrue(run.out().contains("(run " + runId + ")"), run.out());
    expectedVerdict = verdictFromSummary(reportDir.resolve(SummaryFile.FILE_NAME));
    Files.createDirectories(ARTIFACTS);
    Files.copy(reportDir.resolve(RunReport.HTML_FILE), ARTIFACTS.resolve("report-sample.html"), REPLACE_EXISTING);
    Files.copy(reportDir.resolve(RunReport.PDF_FILE), ARTIFACTS.resolve("report-sample.pdf"), REPLACE_EXISTING);
  }

  /** The verdict the summary's counts call for (its wording is pinned by VerdictTest). */
  private static String verdictFromSummary(Path summaryFile) throws Exception {
    JsonNode summary = JSON.readTree(summaryFile.toFile());
    List<RuleCount> rules = new ArrayList<>();
    summary.path("findings_by_rule").fields().forEachRemaining(e -> rules.add(new RuleCount(e.getKey(),
        e.getValue().path("severity").asText(), e.getValue().path("description").asText(),
        e.getValue().path("count").asLong())));
    java.util.Map<String, String> notChecked = new java.util.LinkedHashMap<>();
    summary.path("not_checked").fields().forEachRemaining(e -> notChecked.put(e.getKey(), e.getValue().asText()));
    JsonNode coverage = summary.path("coverage");
    Verdict verdict = new Verdict(coverage.path("rows_audited").asLong(), coverage.path("rows_quarantined").asLong(),
        summary.path("snapshots").size(), rules, notChecked);
    assertEquals(summary.path("findings_by_severity").path("violation").asLong(), verdict.violations());
    return verdict.sentence();
  }

  @Test
  void theHtmlReportRendersInChromiumWithoutErrorsOrNetwork() throws Exception {
    // Outside CI a machine without the browser skips this one test; CI installs it and must run it.
    assumeTrue(Files.isExecutable(Chromium.BINARY) || System.getenv("CI") != null,
        "Debian's chromium is not installed (apt-get install chromium): the browser test is skipped");
    Path html = reportDir.resolve(RunReport.HTML_FILE);
    Path profile = Files.createTempDirectory("trainaudit-chromium-");
    try (Chromium browser = Chromium.start(profile)) {
      for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
        browser.send(domain + ".enable", Map.of());
      }
      browser.send("Emulation.setDeviceMetricsOverride",
          Map.of("width", 1280, "height", 900, "deviceScaleFactor", 1, "mobile", false));
      CompletableFuture<JsonNode> loaded = browser.next("Page.loadEventFired");
      browser.send("Page.navigate", Map.of("url", html.toUri().toString()));
      Chromium.await(loaded);

      JsonNode page = JSON.readTree(browser.send("Runtime.evaluate", Map.of("returnByValue", true, "expression",
          "JSON.stringify({"
              + "verdict: document.getElementById('verdict-sentence').textContent,"
              + "h1: document.querySelector('h1').textContent,"
              + "svgs: document.querySelectorAll('svg').length,"
              + "charts: [...document.querySelectorAll('svg.chart')].map(s => ({id: s.id,"
              + "  label: s.getAttribute('aria-label'), role: s.getAttribute('role'),"
              + "  drawn: s.getBoundingClientRect().width > 0 && s.getBoundingClientRect().height > 0,"
              + "  marks: s.querySelectorAll('rect, polyline').length})),"
              + "headings: [...document.querySelectorAll('h1, h2')].map(h => h.tagName + ' ' + h.textContent)"
              + "})")).path("result").path("value").asText());

      assertEquals(expectedVerdict, page.path("verdict").asText());
      assertEquals("Training data audit report", page.path("h1").asText());
      assertEquals(CHARTS.size(), page.path("svgs").asInt());
      List<String> ids = new ArrayList<>();
      for (JsonNode chart : page.path("charts")) {
        ids.add(chart.path("id").asText());
        assertEquals("img", chart.path("role").asText());
        assertTrue(chart.path("drawn").asBoolean(), chart.toString());
        assertTrue(chart.path("marks").asInt() > 0, "chart with nothing drawn: " + chart);
      }
      assertEquals(CHARTS, ids);
      assertEquals("H2 FAIL Violations found", page.path("headings").get(1).asText());

      JsonNode metrics = browser.send("Page.getLayoutMetrics", Map.of());
      double height = metrics.path("cssContentSize").path("height").asDouble();
      JsonNode shot = browser.send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
          "clip", Map.of("x", 0, "y", 0, "width", 1280, "height", height, "scale", 1)));
      Path screenshot = ARTIFACTS.resolve("report-screenshot.png");
      Files.write(screenshot, Base64.getDecoder().decode(shot.path("data").asText()));

      List<String> errors = new ArrayList<>();
      List<String> network = new ArrayList<>();
      for (JsonNode event : browser.events()) {
        String method = event.path("method").asText();
        JsonNode params = event.path("params");
        if (method.equals("Runtime.exceptionThrown")
            || method.equals("Runtime.consoleAPICalled") && List.of("error", "assert").contains(params.path("type").asText())
            || method.equals("Log.entryAdded") && params.path("entry").path("level").asText().equals("error")) {
          errors.add(event.toString());
        }
        if (method.equals("Network.requestWillBeSent")
            && !params.path("request").path("url").asText().startsWith("file:")) {
          network.add(params.path("request").path("url").asText());
        }
      }
      assertEquals(List.of(), errors);
      assertEquals(List.of(), network);
    } finally {
      Chromium.deleteTree(profile);
    }
  }

  @Test
  void thePdfHasTheVerdictAHeaderAndNumberedPages() throws Exception {
    File pdf = reportDir.resolve(RunReport.PDF_FILE).toFile();
    try (PDDocument document = Loader.loadPDF(pdf)) {
      int pages = document.getNumberOfPages();
      assertTrue(pages >= 2, "pages: " + pages);
      PDFTextStripper stripper = new PDFTextStripper();
      for (int page = 1; page <= pages; page++) {
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        String text = stripper.getText(document);
        assertTrue(text.contains("Page " + page + " of " + pages), "page " + page + ":\n" + text);
        assertTrue(text.contains("Training data audit report \u00b7 " + runId), "page " + page + ":\n" + text);
      }
      stripper.setStartPage(1);
      stripper.setEndPage(1);
      String first = normalise(stripper.getText(document));
      assertTrue(first.contains("FAIL Violations found " + expectedVerdict), first);
      stripper.setStartPage(pages);
      stripper.setEndPage(pages);
      assertTrue(stripper.getText(document).contains("Written by trainaudit"), "last page");
    }
  }

  @Test
  void theReportCommandRewritesTheLatestRunsReport() throws Exception {
    Path config = dir.resolve("audit.yaml");
    Cli.Outcome report = Cli.run("report", "--run", "latest", "--config", config.toString(), "--show-member-ids");
    assertEquals(0, report.exitCode(), report.err());
    assertEquals("Report of run " + runId + "\n  html: " + reportDir.resolve(RunReport.HTML_FILE) + "\n  pdf:  "
        + reportDir.resolve(RunReport.PDF_FILE) + "\n", report.out());
    assertTrue(Files.readString(reportDir.resolve(RunReport.HTML_FILE))
        .contains("Member ids are shown as recorded (--show-member-ids)."));
    Cli.Outcome unknown = Cli.run("report", "--run", "run-none", "--config", config.toString());
    assertEquals(2, unknown.exitCode());
    assertEquals("audit: Cannot find run run-none in " + dir.resolve("out/audit_runs") + "\n", unknown.err());
  }

  private static String normalise(String text) {
    return text.replaceAll("\\s+", " ");
  }
}
