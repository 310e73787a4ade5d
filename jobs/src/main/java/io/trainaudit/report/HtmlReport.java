package io.trainaudit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.audit.ClearanceStatus;
import io.trainaudit.audit.Coverage;
import io.trainaudit.lineage.ImpactRow;
import io.trainaudit.lineage.Lineage;
import io.trainaudit.lineage.ModelVersion;
import io.trainaudit.report.Chart.Bar;
import io.trainaudit.report.Chart.Bars;
import io.trainaudit.report.Chart.Kind;
import io.trainaudit.report.Chart.Line;
import io.trainaudit.report.Chart.Lines;
import io.trainaudit.report.ReportData.RuleCount;
import io.trainaudit.report.ReportData.Sample;
import io.trainaudit.report.ReportData.SnapshotCount;
import io.trainaudit.report.ReportData.TrendPoint;
import io.trainaudit.rules.RuleId;
import io.trainaudit.rules.RuleRegistry;
import io.trainaudit.rules.Severity;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's report as one self-contained, well-formed XHTML document: inline CSS, no script, no
 * font or image fetched from anywhere. The verdict comes first, then the coverage, the charts,
 * one section per rule with its first findings, each with its facts in plain words (then one per
 * rule not checked, saying so), and the inputs.
 *
 * <p>On {@link Medium#SCREEN} the charts are inline SVG ({@link SvgChart}); on {@link Medium#PRINT},
 * the input of the PDF renderer, which draws no SVG without a further Batik dependency, the same
 * charts are tables of proportional bars.
 */
public final class HtmlReport {
  /** Where the document is shown. */
  public enum Medium { SCREEN, PRINT }

  /** Snapshots with the most findings drawn in the by-snapshot chart; the rest are counted in its text. */
  static final int MAX_SNAPSHOT_BARS = 30;
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SHORT =
      DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ReportData data;
  private final Pseudonyms pseudonyms;
  private final Medium medium;
  private final Verdict verdict;
  private final StringBuilder out = new StringBuilder(64 * 1024);

  private HtmlReport(ReportData data, Pseudonyms pseudonyms, Medium medium) {
    this.data = data;
    this.pseudonyms = pseudonyms;
    this.medium = medium;
    this.verdict = verdictOf(data);
  }

  /** The document for a run. */
  public static String render(ReportData data, Pseudonyms pseudonyms, Medium medium) {
    return new HtmlReport(data, pseudonyms, medium).document();
  }

  static Verdict verdictOf(ReportData data) {
    return new Verdict(data.coverage().rowsAudited(), data.coverage().rowsQuarantined(), data.snapshots().size(),
        data.rules(), data.notChecked());
  }

  /** The charts of a report, in the order it shows them. */
  static List<Chart> charts(ReportData data) {
    List<Bar> byRule = new ArrayList<>();
    for (RuleCount rule : data.rules()) {
      byRule.add(new Bar(rule.ruleId(), rule.count(), kind(rule.severity())));
    }
    List<Bar> byRegion = new ArrayList<>();
    data.byRegionGroup().forEach((group, n) -> byRegion.add(new Bar(group, n, Kind.FINDINGS)));
    List<SnapshotCount> shown = data.snapshots().stream()
        .sorted(Comparator.comparingLong((SnapshotCount s) -> -(s.violations() + s.unverifiable()))
            .thenComparing(SnapshotCount::snapshotId))
        .limit(MAX_SNAPSHOT_BARS)
        .sorted(Comparator.comparing(SnapshotCount::snapshotId))
        .toList();
    List<Bar> bySnapshot = new ArrayList<>();
    for (SnapshotCount s : shown) {
      bySnapshot.add(new Bar(s.snapshotId(), s.violations(), Kind.VIOLATION));
      bySnapshot.add(new Bar(s.snapshotId(), s.unverifiable(), Kind.UNVERIFIABLE));
    }
    String snapshotScope = shown.size() == data.snapshots().size()
        ? "each of the " + Verdict.count(shown.size(), "snapshot") + " audited"
        : "the " + shown.size() + " of " + data.snapshots().size() + " snapshots with the most findings";
    List<String> runs = data.trend().stream().map(t -> SHORT.format(t.startedAt())).toList();
    List<Line> lines = List.of(
        new Line(Kind.VIOLATION, data.trend().stream().map(TrendPoint::violations).toList()),
        new Line(Kind.UNVERIFIABLE, data.trend().stream().map(TrendPoint::unverifiable).toList()));
    return List.of(
        new Bars("chart-rules", "Findings by rule",
            "Number of findings of each of the " + data.rules().size() + " rules checked; violations are broken"
                + " promises, unverifiable findings lack the evidence to decide.", byRule),
        new Bars("chart-regions", "Findings by region group",
            "Number of findings by the member's region group at capture; UNKNOWN: no region on record.", byRegion),
        new Bars("chart-snapshots", "Findings by snapshot",
            "Violations and unverifiable findings in " + snapshotScope + ".", bySnapshot),
        new Lines("chart-trend", "Trend over the last runs",
            "Violations (solid line, circles) and unverifiable findings (dashed line, squares) of the last "
                + Verdict.count(runs.size(), "run") + ", up to this one.", runs, lines));
  }

  private String document() {
    String title = "Training data audit report: " + data.runId();
    out.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        .append("<title>").append(Xml.escape(title)).append("</title>\n")
        .append("<style>\n").append(ReportStyle.css(data.runId(), DATE_TIME.format(data.startedAt()), medium))
        .append("</style>\n</head>\n<body>\n");
    out.append("<header class=\"masthead\"><p class=\"product\">trainaudit</p>")
        .append("<p class=\"run\">Run ").append(Xml.escape(data.runId())).append(" &#183; ")
        .append(Xml.escape(DATE_TIME.format(data.startedAt()))).append("</p></header>\n<main>\n");
    out.append("<h1>Training data audit report</h1>\n");
    verdictSection();
    coverageSection();
    chartsSection();
    clearanceSection();
    modelsSection();
    rulesSection();
    inputsSection();
    out.append("</main>\n<footer><p>").append(Xml.escape(pseudonymNote())).append("</p><p>Written by ")
        .append(Xml.escape(data.codeVersion())).append(" from the run's summary and audit record.</p></footer>\n")
        .append("</body>\n</html>\n");
    return out.toString();
  }

  private void verdictSection() {
    String state = verdict.violations() > 0 ? "fail" : verdict.unverifiable() > 0 ? "warn" : "pass";
    out.append("<section id=\"verdict\" class=\"verdict ").append(state).append("\" aria-labelledby=\"verdict-heading\">\n")
        .append("<h2 id=\"verdict-heading\"><span class=\"badge\">").append(verdict.status()).append("</span> ")
        .append(Xml.escape(verdict.headline())).append("</h2>\n")
        .append("<p id=\"verdict-sentence\" class=\"sentence\">").append(Xml.escape(verdict.sentence())).append("</p>\n")
        .append("<p class=\"explain\">A violation is a training row that broke a promise. An unverifiable row lacked"
            + " the evidence needed to decide; it is not a violation, but the promise could not be proven for it.</p>\n")
        .append("<dl class=\"facts\">");
    fact("Run", data.runId());
    fact("Started", DATE_TIME.format(data.startedAt()));
    fact("Ended", data.endedAt() == null ? "not recorded" : DATE_TIME.format(data.endedAt()));
    fact("Mode", data.mode());
    fact("Opt-out mode", data.optOutMode());
    out.append("</dl>\n</section>\n");
  }

  private void fact(String name, String value) {
    out.append("<div><dt>").append(Xml.escape(name)).append("</dt><dd>").append(Xml.escape(value)).append("</dd></div>");
  }

  private void coverageSection() {
    Coverage c = data.coverage();
    out.append("<section id=\"coverage\" aria-labelledby=\"coverage-heading\">\n")
        .append("<h2 id=\"coverage-heading\">Coverage</h2>\n<p>")
        .append(c.reconciles()
            ? "Every training row read is accounted for: rows read = audited + quarantined + duplicate ("
                + Verdict.format(c.rowsRead()) + " = " + Verdict.format(c.rowsAudited()) + " + "
                + Verdict.format(c.rowsQuarantined()) + " + " + Verdict.format(c.rowsDuplicate()) + ")."
            : "The coverage did NOT reconcile: rows read differ from audited + quarantined + duplicate.")
        .append("</p>\n<table class=\"numbers\">\n<caption>Coverage reconciliation of the training rows</caption>\n")
        .append("<thead><tr><th scope=\"col\">Training rows</th><th scope=\"col\" class=\"num\">Count</th></tr></thead>\n<tbody>\n");
    countRow("Read", c.rowsRead());
    countRow("Audited against every rule", c.rowsAudited());
    countRow("Quarantined (could not be read; kept with the reason)", c.rowsQuarantined());
    countRow("Duplicate (audited once)", c.rowsDuplicate());
    out.append("</tbody>\n</table>\n</section>\n");
  }

  private void countRow(String name, long n) {
    out.append("<tr><th scope=\"row\">").append(Xml.escape(name)).append("</th><td class=\"num\">")
        .append(Verdict.format(n)).append("</td></tr>\n");
  }

  private void chartsSection() {
    out.append("<section id=\"charts\" aria-labelledby=\"charts-heading\">\n<h2 id=\"charts-heading\">Findings at a glance</h2>\n");
    for (Chart chart : charts(data)) {
      out.append("<figure class=\"chart-figure\" aria-labelledby=\"").append(chart.id()).append("-heading\">\n")
          .append("<h3 id=\"").append(chart.id()).append("-heading\">").append(Xml.escape(chart.title())).append("</h3>\n");
      if (medium == Medium.SCREEN) {
        out.append(SvgChart.render(chart)).append('\n');
      } else if (chart instanceof Bars bars) {
        printBars(bars);
      }
      if (chart instanceof Lines) {
        trendTable();
      }
      out.append("<figcaption>").append(Xml.escape(chart.description())).append("</figcaption>\n</figure>\n");
    }
    out.append("</section>\n");
  }

  private void printBars(Bars chart) {
    long max = chart.bars().stream().mapToLong(Bar::value).max().orElse(0);
    out.append("<table class=\"bars\">\n")
        .append("<thead><tr><th scope=\"col\">Category</th><th scope=\"col\">Share of the largest</th>"
            + "<th scope=\"col\" class=\"num\">Count</th></tr></thead>\n<tbody>\n");
    if (chart.bars().isEmpty()) {
      out.append("<tr><td colspan=\"3\">No findings</td></tr>\n");
    }
    for (Bar bar : chart.bars()) {
      double percent = max == 0 ? 0 : Math.max(bar.value() > 0 ? 0.5 : 0, 100.0 * bar.value() / max);
      out.append("<tr><th scope=\"row\">").append(Xml.escape(bar.category())).append("</th><td class=\"track\">")
          .append("<div class=\"fill ").append(bar.kind().cssClass()).append("\" style=\"width: ")
          .append(SvgChart.num(percent)).append("%\"></div></td><td class=\"num\">")
          .append(Xml.escape(bar.kind().label(bar.value()))).append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n");
  }

  private void trendTable() {
    out.append("<table class=\"numbers trend\">\n<caption>The last ").append(Verdict.count(data.trend().size(), "run"))
        .append(", oldest first</caption>\n<thead><tr><th scope=\"col\">Run</th><th scope=\"col\">Started</th>")
        .append("<th scope=\"col\" class=\"num\">Violations</th><th scope=\"col\" class=\"num\">Unverifiable</th></tr></thead>\n<tbody>\n");
    for (TrendPoint t : data.trend()) {
      out.append("<tr><th scope=\"row\">").append(Xml.escape(t.runId())).append("</th><td>")
          .append(Xml.escape(DATE_TIME.format(t.startedAt()))).append("</td><td class=\"num\">")
          .append(Verdict.format(t.violations())).append("</td><td class=\"num\">").append(Verdict.format(t.unverifiable()))
          .append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n");
  }

  /** Each snapshot against the pre-training gate's clearance; only for summaries that give it. */
  private void clearanceSection() {
    List<SnapshotCount> linked = data.snapshots().stream().filter(s -> s.clearance() != null).toList();
    if (linked.isEmpty()) {
      return;
    }
    long cleared = linked.stream().filter(s -> ClearanceStatus.CLEARED.value().equals(s.clearance())).count();
    out.append("<section id=\"clearance\" aria-labelledby=\"clearance-heading\">\n")
        .append("<h2 id=\"clearance-heading\">Pre-training clearance</h2>\n<p>")
        .append(Xml.escape(Verdict.format(cleared) + " of " + Verdict.count(linked.size(), "snapshot")
            + " trained on exactly the rows the pre-training gate cleared. A snapshot changed after clearance holds"
            + " rows added, removed or altered since the gate signed its clearance; one never gated, or gated but"
            + " never cleared, was trained on without a clearance."))
        .append("</p>\n<table class=\"clearances\">\n<caption>Clearance of each snapshot audited</caption>\n")
        .append("<thead><tr><th scope=\"col\">Snapshot</th><th scope=\"col\">Captured</th>")
        .append("<th scope=\"col\">Clearance</th><th scope=\"col\">Gate run</th></tr></thead>\n<tbody>\n");
    for (SnapshotCount s : linked) {
      out.append("<tr><th scope=\"row\">").append(Xml.escape(s.snapshotId())).append("</th><td>")
          .append(Xml.escape(s.capturedAt())).append("</td><td class=\"clearance-").append(Xml.escape(s.clearance()))
          .append("\">").append(Xml.escape(clearanceLabel(s.clearance()))).append("</td><td class=\"id\">")
          .append(Xml.escape(s.gateRunId() == null ? "none" : s.gateRunId())).append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n</section>\n");
  }

  /** The section's heading, the same with model lineage or without. */
  static final String MODELS_HEADING = "Models trained on records that broke a promise";

  /**
   * Each model version model_trainings lists, and per rule the open findings among the snapshots it
   * was trained on, their members and records, and the first and last such snapshot; without
   * model_trainings, a sentence saying no model lineage is configured.
   */
  private void modelsSection() {
    out.append("<section id=\"models\" aria-labelledby=\"models-heading\">\n<h2 id=\"models-heading\">")
        .append(MODELS_HEADING).append("</h2>\n");
    Lineage lineage = data.lineage();
    if (!lineage.configured()) {
      out.append("<p>").append(Xml.escape(capitalised(Lineage.NOT_CONFIGURED) + ": set tables.model_trainings to"
          + " tell which model versions were trained on which snapshot, and so which models took in these findings."))
          .append("</p>\n</section>\n");
      return;
    }
    long tainted = lineage.versions().stream().filter(v -> lineage.impact().stream()
        .anyMatch(r -> r.versionName().equals(v.name()) && r.severity().equals(Severity.VIOLATION.value()))).count();
    out.append("<p>").append(Xml.escape(Verdict.format(tainted) + " of " + Verdict.count(lineage.versions().size(),
            "model version") + " were trained on at least one snapshot holding a record that broke a promise."
            + " Counts are the open findings after this run among the snapshots each version was trained on."))
        .append("</p>\n<table class=\"models\">\n<caption>Model versions and the findings they took in</caption>\n")
        .append("<thead><tr><th scope=\"col\">Model version</th><th scope=\"col\">Trained</th>")
        .append("<th scope=\"col\">Released</th><th scope=\"col\">Rule</th><th scope=\"col\">Findings</th>")
        .append("<th scope=\"col\">Members</th><th scope=\"col\">Records</th>")
        .append("<th scope=\"col\">First and last snapshot</th></tr></thead>\n<tbody>\n");
    for (ModelVersion v : lineage.versions()) {
      List<ImpactRow> rows = lineage.impact().stream().filter(r -> r.versionName().equals(v.name())).toList();
      String head = "<tr><th scope=\"row\">" + Xml.escape(v.name()) + "</th><td>"
          + Xml.escape(DATE_TIME.format(v.trainedAt())) + "</td><td>"
          + Xml.escape(v.releasedAt() == null ? "never released" : DATE_TIME.format(v.releasedAt())) + "</td>";
      if (rows.isEmpty()) {
        out.append(head).append("<td colspan=\"5\">no open finding in its ")
            .append(Xml.escape(Verdict.count(v.snapshotIds().size(), "snapshot"))).append("</td></tr>\n");
      }
      for (ImpactRow r : rows) {
        out.append(head).append("<td class=\"").append(kind(r.severity()).cssClass()).append("\">")
            .append(Xml.escape(r.ruleId())).append("</td><td class=\"num\">").append(Verdict.format(r.findings()))
            .append("</td><td class=\"num\">").append(Verdict.format(r.members())).append("</td><td class=\"num\">")
            .append(Verdict.format(r.records())).append("</td><td>").append(Xml.escape(r.firstSnapshotId()
                .equals(r.lastSnapshotId()) ? r.firstSnapshotId() : r.firstSnapshotId() + " to " + r.lastSnapshotId()))
            .append("</td></tr>\n");
      }
    }
    out.append("</tbody>\n</table>\n</section>\n");
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** A clearance status of summary.json in words. */
  static String clearanceLabel(String status) {
    for (ClearanceStatus known : ClearanceStatus.values()) {
      if (known.value().equals(status)) {
        return switch (known) {
          case CLEARED -> "Cleared";
          case CHANGED_AFTER_CLEARANCE -> "Changed after clearance";
          case NOT_CLEARED -> "Gated, never cleared";
          case NEVER_GATED -> "Never gated";
        };
      }
    }
    return status;
  }

  private void rulesSection() {
    out.append("<section id=\"rules\" aria-labelledby=\"rules-heading\">\n<h2 id=\"rules-heading\">Rule by rule</h2>\n")
        .append("<p>").append(Xml.escape(pseudonymNote())).append("</p>\n");
    for (RuleCount rule : data.rules()) {
      Kind kind = kind(rule.severity());
      String id = "rule-" + rule.ruleId().toLowerCase(Locale.ROOT).replace('_', '-');
      out.append("<section class=\"rule ").append(rule.count() > 0 ? kind.cssClass() : "clear").append("\" id=\"")
          .append(id).append("\" aria-labelledby=\"").append(id).append("-heading\">\n<h3 id=\"").append(id)
          .append("-heading\">").append(Xml.escape(rule.ruleId())).append(": ")
          .append(Xml.escape(kind.label(rule.count()))).append("</h3>\n<p class=\"description\">")
          .append(Xml.escape(rule.description())).append("</p>\n");
      if (rule.count() == 0) {
        out.append("<p class=\"none\">").append(kind == Kind.VIOLATION
            ? "No finding: every row checked kept this promise." : "No finding: every row checked could be verified.")
            .append("</p>\n");
      } else {
        samplesTable(rule, data.samples().getOrDefault(rule.ruleId(), List.of()));
      }
      out.append("</section>\n");
    }
    data.notChecked().forEach(this::notCheckedRule);
    out.append("</section>\n");
  }

  /** A rule the run did not check: said so, never shown as kept. */
  private void notCheckedRule(String ruleId, String why) {
    String id = "rule-" + ruleId.toLowerCase(Locale.ROOT).replace('_', '-');
    String description;
    try {
      description = RuleRegistry.byId(RuleId.valueOf(ruleId)).description();
    } catch (IllegalArgumentException e) {
      description = "";
    }
    out.append("<section class=\"rule unchecked\" id=\"").append(id).append("\" aria-labelledby=\"").append(id)
        .append("-heading\">\n<h3 id=\"").append(id).append("-heading\">").append(Xml.escape(ruleId))
        .append(": not checked</h3>\n<p class=\"description\">").append(Xml.escape(description)).append("</p>\n")
        .append("<p class=\"unchecked-why\">").append(Xml.escape("This promise was not checked (" + why
            + "): this report does not claim that it held.")).append("</p>\n</section>\n");
  }

  private void samplesTable(RuleCount rule, List<Sample> samples) {
    String caption = samples.size() == rule.count()
        ? "All " + Verdict.count(rule.count(), "finding") + ", by snapshot and record"
        : "The first " + Verdict.format(samples.size()) + " of " + Verdict.count(rule.count(), "finding")
            + ", by snapshot and record";
    out.append("<table class=\"findings\">\n<caption>").append(Xml.escape(caption)).append("</caption>\n")
        .append("<thead><tr><th scope=\"col\">Snapshot</th><th scope=\"col\">Captured</th><th scope=\"col\">Purpose,"
            + " recipient</th><th scope=\"col\">Record</th><th scope=\"col\">Member</th><th scope=\"col\">Region</th>"
            + "<th scope=\"col\">Evidence</th></tr></thead>\n<tbody>\n");
    for (Sample s : samples) {
      out.append("<tr><th scope=\"row\">").append(Xml.escape(s.snapshotId())).append("</th><td>")
          .append(Xml.escape(s.capturedAt())).append("</td><td>").append(Xml.escape(s.purpose())).append(", ")
          .append(Xml.escape(s.recipient())).append("</td><td class=\"id\">").append(Xml.escape(s.recordId()))
          .append("</td><td class=\"id\">").append(Xml.escape(pseudonyms.member(s.memberId()))).append("</td><td>")
          .append(Xml.escape(s.regionGroup() == null ? "unknown" : s.regionGroup())).append("</td><td class=\"evidence\">")
          .append("<strong class=\"words\">").append(Xml.escape(FindingWords.of(rule.ruleId(), s.evidenceJson())))
          .append("</strong><br/>")
          .append(String.join("<br/>", evidence(s.evidenceJson(), pseudonyms).stream().map(Xml::escape).toList()))
          .append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n");
    if (samples.size() < Math.min(rule.count(), ReportSources.SAMPLES_PER_RULE)) {
      out.append("<p class=\"note\">Later runs have confirmed or retracted the other findings of this run;"
          + " the findings table holds them all.</p>\n");
    }
  }

  private void inputsSection() {
    out.append("<section id=\"inputs\" aria-labelledby=\"inputs-heading\">\n<h2 id=\"inputs-heading\">Inputs</h2>\n")
        .append("<table class=\"numbers\">\n<caption>Input tables, at the Delta version the run read</caption>\n")
        .append("<thead><tr><th scope=\"col\">Table</th><th scope=\"col\" class=\"num\">Version</th></tr></thead>\n<tbody>\n");
    data.inputVersions().forEach(this::countRow);
    out.append("</tbody>\n</table>\n<table class=\"settings\">\n<caption>Policy and code</caption>\n")
        .append("<thead><tr><th scope=\"col\">Setting</th><th scope=\"col\">Value</th></tr></thead>\n<tbody>\n");
    setting("policy hash", data.policyHash());
    setting("code version", data.codeVersion());
    setting("run mode", data.mode());
    data.policy().forEach((key, value) -> setting("policy: " + key, value));
    out.append("</tbody>\n</table>\n</section>\n");
  }

  private void setting(String name, String value) {
    out.append("<tr><th scope=\"row\">").append(Xml.escape(name)).append("</th><td class=\"setting\">")
        .append(Xml.escape(value)).append("</td></tr>\n");
  }

  private String pseudonymNote() {
    return pseudonyms.pseudonymises()
        ? "Member ids are pseudonymised: each is shown as the first " + Pseudonyms.LENGTH + " hex characters of its"
            + " HMAC-SHA-256 under a key drawn for this report only, so a member reads the same throughout this"
            + " report but cannot be looked up from it."
        : "Member ids are shown as recorded (--show-member-ids).";
  }

  /** A finding's evidence as "name: value" lines, with every member id pseudonymised. */
  static List<String> evidence(String json, Pseudonyms pseudonyms) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return List.of("(unreadable evidence)");
    }
    if (!node.isObject()) {
      return List.of(node.toString());
    }
    List<String> parts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      String text = value.isNull() ? "none" : value.isValueNode() ? value.asText() : value.toString();
      if (field.getKey().endsWith("member_id") && !value.isNull()) {
        text = pseudonyms.member(value.asText());
      }
      parts.add(field.getKey() + ": " + text);
    }
    return parts;
  }

  private static Kind kind(String severity) {
    return Severity.VIOLATION.value().equals(severity) ? Kind.VIOLATION : Kind.UNVERIFIABLE;
  }
}
