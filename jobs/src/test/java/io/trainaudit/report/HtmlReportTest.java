package io.trainaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trainaudit.audit.Coverage;
import io.trainaudit.lineage.ImpactRow;
import io.trainaudit.lineage.Lineage;
import io.trainaudit.lineage.ModelVersion;
import io.trainaudit.report.ReportData.Sample;
import io.trainaudit.report.ReportData.SnapshotCount;
import io.trainaudit.report.ReportData.TrendPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The report document: well-formed XHTML, headings in order, charts per medium, member ids never raw. */
class HtmlReportTest {
  static final Instant STARTED = Instant.parse("2026-01-02T03:04:05Z");

  static ReportData data() {
    return data(VerdictTest.rules(Map.of("MEMBER_MISMATCH", 1L, "DELETED_DATA", 2L)), Map.of());
  }

  /** A run whose sensitive contexts were not configured, with one cutoff finding. */
  static ReportData withoutContexts() {
    return data(VerdictTest.rules(Map.of("MEMBER_MISMATCH", 1L, "DELETED_DATA", 2L, "DATA_ORIGIN_CUTOFF", 1L)).stream()
            .filter(r -> !r.ruleId().equals("SENSITIVE_CONTEXT")).toList(),
        Map.of("SENSITIVE_CONTEXT", "tables.sensitive_contexts is not configured"));
  }

  private static ReportData data(List<ReportData.RuleCount> rules, Map<String, String> notChecked) {
    Sample sample = new Sample("snap-1", "2026-01-01T00:00:00Z", "generative", "internal", "r-1", "member-raw-0001",
        null, "{\"snapshot_member_id\":\"member-raw-0001\",\"record_member_id\":\"member-raw-0002\"}");
    Sample cutoff = new Sample("snap-1", "2026-01-01T00:00:00Z", "generative", "internal", "r-2", "member-raw-0003",
        "EU", "{\"region_group\":\"EU\",\"data_origin_cutoff\":\"2024-07-01\","
            + "\"record_created_at\":\"2024-06-30T23:59:59.000Z\",\"record_known\":true}");
    return new ReportData("run-1", STARTED, STARTED.plusSeconds(60), "full", "use_time", "abc123", "trainaudit 1.0",
        new Coverage(10, 9, 0, 1), rules, notChecked,
        Map.of("EU", 3L), List.of(new SnapshotCount("snap-1", "2026-01-01T00:00:00Z", "generative", "internal", 9, 2, 1)),
        List.of(new TrendPoint("run-0", STARTED.minusSeconds(86_400), 0, 0), new TrendPoint("run-1", STARTED, 2, 1)),
        Map.of("MEMBER_MISMATCH", List.of(sample), "DELETED_DATA", List.of(), "DATA_ORIGIN_CUTOFF", List.of(cutoff)),
        Map.of("records", 3L, "members", 1L), Map.of("minimum_age", "18"));
  }

  static List<String> elements(Document doc, String tag) {
    NodeList nodes = doc.getElementsByTagNameNS("*", tag);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(((Element) nodes.item(i)).getTextContent());
    }
    return texts;
  }

  @Test
  void theScreenReportIsWellFormedWithTheVerdictFirstAndFourCharts() throws Exception {
    String html = HtmlReport.render(data(), Pseudonyms.withKey(PseudonymsTest.KEY), HtmlReport.Medium.SCREEN);
    Document doc = SvgChartTest.parse(html);
    assertEquals(List.of("Training data audit report"), elements(doc, "h1"));
    assertEquals(List.of("FAIL Violations found", "Coverage", "Findings at a glance", HtmlReport.MODELS_HEADING,
            "Rule by rule", "Inputs"),
        elements(doc, "h2"));
    assertEquals(4 + 14, elements(doc, "h3").size());
    assertEquals("All 9 training rows of 1 snapshot were checked against 14 rules: 2 violations in 1 rule; 1 row could"
        + " not be verified (member differs from the record's owner).", byId(doc, "verdict-sentence").getTextContent());
    assertEquals(4, elements(doc, "svg").size());
    assertFalse(html.contains("<script"));
    assertFalse(html.replace("http://www.w3.org/", "").contains("http"), "a reference outside the file");
  }

  @Test
  void aPromiseNotCheckedHasItsOwnSectionSayingSoAndFindingsReadInPlainWords() throws Exception {
    Document doc = SvgChartTest.parse(
        HtmlReport.render(withoutContexts(), Pseudonyms.withKey(PseudonymsTest.KEY), HtmlReport.Medium.SCREEN));
    List<String> headings = elements(doc, "h3");
    assertEquals(4 + 14, headings.size());
    assertEquals("SENSITIVE_CONTEXT: not checked", headings.get(headings.size() - 1));
    assertEquals("DATA_ORIGIN_CUTOFF: 1 violation", headings.get(headings.size() - 2));
    assertEquals("This promise was not checked (tables.sensitive_contexts is not configured): this report does not"
        + " claim that it held.", byId(doc, "rule-sensitive-context").getElementsByTagNameNS("*", "p").item(1)
        .getTextContent());
    assertEquals("All 9 training rows of 1 snapshot were checked against 13 rules: 3 violations in 2 rules; 1 row"
        + " could not be verified (member differs from the record's owner). Not checked, so not claimed to hold:"
        + " SENSITIVE_CONTEXT (tables.sensitive_contexts is not configured).",
        byId(doc, "verdict-sentence").getTextContent());
    assertEquals(List.of("attributed to another member than its owner",
            "collected on 2024-06-30, before the EU cutoff of 2024-07-01"),
        elements(doc, "strong").stream().filter(w -> !w.isEmpty()).toList());
  }

  @Test
  void memberIdsArePseudonymisedEverywhere() {
    String html = HtmlReport.render(data(), Pseudonyms.withKey(PseudonymsTest.KEY), HtmlReport.Medium.SCREEN);
    assertEquals(-1, html.indexOf("member-raw-"));
    assertEquals(2, html.split("86d05048fd0d", -1).length - 1);
    assertEquals(1, html.split("78dbec7d48b4", -1).length - 1);
    String raw = HtmlReport.render(data(), Pseudonyms.raw(), HtmlReport.Medium.SCREEN);
    assertEquals(2, raw.split("member-raw-0001", -1).length - 1);
  }

  @Test
  void thePrintReportDrawsChartsAsTablesForThePdfRenderer() throws Exception {
    Document doc = SvgChartTest.parse(HtmlReport.render(data(), Pseudonyms.raw(), HtmlReport.Medium.PRINT));
    assertEquals(0, elements(doc, "svg").size());
    assertEquals(3, countClass(doc, "table", "bars"));
  }

  @Test
  void theModelSectionListsEachVersionWithTheFindingsItTookInOrSaysNoLineageIsConfigured() throws Exception {
    ReportData d = data();
    for (HtmlReport.Medium medium : HtmlReport.Medium.values()) {
      Document without = SvgChartTest.parse(HtmlReport.render(d, Pseudonyms.raw(), medium));
      assertEquals("Models trained on records that broke a promise"
          + "No model lineage configured: set tables.model_trainings to tell which model versions were trained on"
          + " which snapshot, and so which models took in these findings.", byId(without, "models").getTextContent()
          .replace("\n", ""));
    }
    Instant trained = Instant.parse("2026-02-01T00:00:00Z");
    Lineage lineage = new Lineage(true,
        List.of(new ModelVersion("writer", "v1", trained, trained.plusSeconds(86_400), List.of("snap-1")),
            new ModelVersion("writer", "v2", trained, null, List.of("snap-1", "snap-2")),
            new ModelVersion("ranker", "1", trained, null, List.of("snap-3"))),
        List.of(new ImpactRow("writer", "v1", "DELETED_DATA", "violation", 2, 1, 2, "snap-1", "snap-1"),
            new ImpactRow("writer", "v2", "DELETED_DATA", "violation", 3, 2, 3, "snap-1", "snap-2"),
            new ImpactRow("writer", "v2", "MEMBER_MISMATCH", "unverifiable", 1, 1, 1, "snap-2", "snap-2")));
    ReportData with = new ReportData(d.runId(), d.startedAt(), d.endedAt(), d.mode(), d.optOutMode(), d.policyHash(),
        d.codeVersion(), d.coverage(), d.rules(), d.notChecked(), d.byRegionGroup(), d.snapshots(),
        d.trend(), d.samples(), d.inputVersions(), d.policy(), lineage);
    for (HtmlReport.Medium medium : HtmlReport.Medium.values()) {
      Element section = byId(SvgChartTest.parse(HtmlReport.render(with, Pseudonyms.raw(), medium)), "models");
      assertEquals("2 of 3 model versions were trained on at least one snapshot holding a record that broke a"
          + " promise. Counts are the open findings after this run among the snapshots each version was trained on.",
          section.getElementsByTagNameNS("*", "p").item(0).getTextContent());
      NodeList rows = section.getElementsByTagNameNS("*", "tbody").item(0).getChildNodes();
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < rows.getLength(); i++) {
        if (rows.item(i) instanceof Element row) {
          List<String> cells = new ArrayList<>();
          NodeList children = row.getChildNodes();
          for (int c = 0; c < children.getLength(); c++) {
            if (children.item(c) instanceof Element cell) {
              cells.add(cell.getTextContent());
            }
          }
          lines.add(String.join("|", cells));
        }
      }
      assertEquals(List.of(
          "writer v1|2026-02-01 00:00 UTC|2026-02-02 00:00 UTC|DELETED_DATA|2|1|2|snap-1",
          "writer v2|2026-02-01 00:00 UTC|never released|DELETED_DATA|3|2|3|snap-1 to snap-2",
          "writer v2|2026-02-01 00:00 UTC|never released|MEMBER_MISMATCH|1|1|1|snap-2",
          "ranker 1|2026-02-01 00:00 UTC|never released|no open finding in its 1 snapshot"), lines);
    }
  }

  @Test
  void eachSnapshotsClearanceIsShownWhenTheSummaryGivesIt() throws Exception {
    ReportData d = data();
    List<SnapshotCount> snapshots = List.of(
        new SnapshotCount("snap-1", "2026-01-01T00:00:00Z", "generative", "internal", 9, 2, 1, "cleared", "gate-1"),
        new SnapshotCount("snap-2", "2026-02-01T00:00:00Z", "generative", "internal", 3, 0, 0,
            "changed_after_clearance", "gate-2"),
        new SnapshotCount("snap-3", "2026-03-01T00:00:00Z", "generative", "internal", 3, 0, 0, "not_cleared", null),
        new SnapshotCount("snap-4", "2026-04-01T00:00:00Z", "generative", "internal", 3, 0, 0, "never_gated", null));
    ReportData linked = new ReportData(d.runId(), d.startedAt(), d.endedAt(), d.mode(), d.optOutMode(), d.policyHash(),
        d.codeVersion(), d.coverage(), d.rules(), d.notChecked(), d.byRegionGroup(), snapshots, d.trend(),
        d.samples(),
        d.inputVersions(), d.policy());
    for (HtmlReport.Medium medium : HtmlReport.Medium.values()) {
      Document doc = SvgChartTest.parse(HtmlReport.render(linked, Pseudonyms.raw(), medium));
      assertEquals(List.of("FAIL Violations found", "Coverage", "Findings at a glance", "Pre-training clearance",
          HtmlReport.MODELS_HEADING, "Rule by rule", "Inputs"), elements(doc, "h2"));
      Element table = (Element) byId(doc, "clearance").getElementsByTagNameNS("*", "tbody").item(0);
      assertEquals(List.of("snap-12026-01-01T00:00:00ZClearedgate-1",
          "snap-22026-02-01T00:00:00ZChanged after clearancegate-2",
          "snap-32026-03-01T00:00:00ZGated, never clearednone",
          "snap-42026-04-01T00:00:00ZNever gatednone"), elements(table, "tr"));
      assertTrue(byId(doc, "clearance").getTextContent().contains("1 of 4 snapshots trained on exactly the rows the"
          + " pre-training gate cleared."));
    }
  }

  static List<String> elements(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagNameNS("*", tag);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(((Element) nodes.item(i)).getTextContent());
    }
    return texts;
  }

  private static Element byId(Document doc, String id) {
    NodeList nodes = doc.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < nodes.getLength(); i++) {
      if (((Element) nodes.item(i)).getAttribute("id").equals(id)) {
        return (Element) nodes.item(i);
      }
    }
    throw new AssertionError("no element with id " + id);
  }

  private static int countClass(Document doc, String tag, String cssClass) {
    NodeList nodes = doc.getElementsByTagNameNS("*", tag);
    int n = 0;
    for (int i = 0; i < nodes.getLength(); i++) {
      if (((Element) nodes.item(i)).getAttribute("class").equals(cssClass)) {
        n++;
      }
    }
    return n;
  }
}
