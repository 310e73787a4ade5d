package io.trainaudit.member;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trainaudit.Errors;
import io.trainaudit.lineage.Lineage;
import io.trainaudit.member.MemberStatement.ConsentEvent;
import io.trainaudit.member.MemberStatement.FindingFact;
import io.trainaudit.member.MemberStatement.ModelUse;
import io.trainaudit.member.MemberStatement.UsedRow;
import io.trainaudit.report.PdfReport;
import io.trainaudit.report.Xml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A member statement as files: {@code statement.json} (every fact), {@code statement.html} (a
 * self-contained page, the answer first) and {@code statement.pdf} (the same page, printed).
 */
public final class StatementFiles {
  public static final String JSON_FILE = "statement.json";
  public static final String HTML_FILE = "statement.html";
  public static final String PDF_FILE = "statement.pdf";
  public static final String FORMAT = "trainaudit-member-statement/1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StatementFiles() {}

  /** The files written. */
  public record Written(Path json, Path html, Path pdf) {}

  public static Written write(MemberStatement statement, Path dir) {
    try {
      Files.createDirectories(dir);
      Path json = replace(dir.resolve(JSON_FILE), JSON.writeValueAsBytes(toMap(statement)));
      Path html = replace(dir.resolve(HTML_FILE), html(statement).getBytes(StandardCharsets.UTF_8));
      Path partialPdf = dir.resolve(PDF_FILE + ".partial");
      PdfReport.write(html(statement), partialPdf);
      Path pdf = dir.resolve(PDF_FILE);
      Files.move(partialPdf, pdf, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new Written(json, html, pdf);
    } catch (IOException e) {
      throw Errors.io("write the member statement into " + dir, e);
    }
  }

  static Map<String, Object> toMap(MemberStatement s) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", FORMAT);
    doc.put("answer", s.answer());
    doc.put("member_id", s.memberId());
    doc.put("asked_as", s.askedAs());
    doc.put("findings_of_run", s.runId());
    doc.put("input_versions", new java.util.TreeMap<>(s.inputVersions()));
    Map<String, Object> member = new LinkedHashMap<>();
    member.put("birth_date", s.birthDate() == null ? null : s.birthDate().toString());
    member.put("closed_at", s.closedAt() == null ? null : s.closedAt().toString());
    doc.put("member", member);
    Map<String, Object> consent = new LinkedHashMap<>();
    s.consent().forEach((channel, events) -> {
      List<Map<String, Object>> list = new ArrayList<>();
      for (ConsentEvent e : events) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_time", e.eventTime().toString());
        event.put("opted_out", e.optedOut());
        event.put("source", e.source());
        list.add(event);
      }
      consent.put(channel, list);
    });
    doc.put("consent_history", consent);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (UsedRow r : s.rows()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("snapshot_id", r.snapshotId());
      row.put("captured_at", r.capturedAt().toString());
      row.put("purpose", r.purpose());
      row.put("recipient", r.recipient());
      row.put("record_id", r.recordId());
      row.put("record_type", r.recordType());
      row.put("age_at_capture", r.ageAtCapture());
      row.put("country_at_capture", r.countryCode());
      row.put("region_group_at_capture", r.regionGroup());
      List<Map<String, Object>> findings = new ArrayList<>();
      for (FindingFact f : r.findings()) {
        Map<String, Object> finding = new LinkedHashMap<>();
        finding.put("rule_id", f.ruleId());
        finding.put("severity", f.severity());
        finding.put("in_words", f.words());
        findings.add(finding);
      }
      row.put("findings", findings);
      row.put("model_versions", r.modelVersions());
      rows.add(row);
    }
    doc.put("records_used", rows);
    if (s.lineageConfigured()) {
      List<Map<String, Object>> models = new ArrayList<>();
      for (ModelUse m : s.models()) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("model_version", m.name());
        model.put("trained_at", m.trainedAt().toString());
        model.put("released_at", m.releasedAt() == null ? null : m.releasedAt().toString());
        model.put("records", m.records());
        model.put("records_breaking_a_promise", m.recordsBreakingAPromise());
        models.add(model);
      }
      doc.put("model_versions", models);
    } else {
      doc.put("model_versions", Lineage.NOT_CONFIGURED);
    }
    return doc;
  }

  static String html(MemberStatement s) {
    StringBuilder out = new StringBuilder(16 * 1024);
    out.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n<title>Member statement</title>\n<style>\n")
        .append("body{font-family:Helvetica,Arial,sans-serif;font-size:10.5pt;color:#1a1a1a;margin:2em;max-width:60em}")
        .append("h1{font-size:16pt}h2{font-size:12.5pt;margin-top:1.6em}")
        .append(".answer{font-size:13pt;font-weight:bold;border-left:4px solid #444;padding:.4em .8em;")
        .append("background:#f3f3f3}")
        .append("table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #bbb;padding:3px 6px;")
        .append("text-align:left;vertical-align:top;font-size:9.5pt}th{background:#eee}")
        .append("\n</style>\n</head>\n<body>\n<main>\n<h1>What the training-data audit found about your data</h1>\n");
    out.append("<p class=\"answer\" id=\"answer\">").append(Xml.escape(s.answer())).append("</p>\n");
    out.append("<p>Member ").append(Xml.escape(s.memberId())).append(" (asked as ").append(Xml.escape(s.askedAs()))
        .append("). Findings as the audit run ").append(Xml.escape(s.runId())).append(" left them.</p>\n");
    out.append("<h2>Your consent choices</h2>\n");
    if (s.consent().isEmpty()) {
      out.append("<p>No consent choice on record: every setting was at its default (on).</p>\n");
    } else {
      out.append("<table><tr><th>channel</th><th>when (UTC)</th><th>choice</th><th>source</th></tr>\n");
      s.consent().forEach((channel, events) -> events.forEach(e -> out.append("<tr><td>").append(Xml.escape(channel))
          .append("</td><td>").append(Xml.escape(e.eventTime().toString())).append("</td><td>")
          .append(e.optedOut() ? "opted out" : "opted back in").append("</td><td>").append(Xml.escape(e.source()))
          .append("</td></tr>\n")));
      out.append("</table>\n");
    }
    out.append("<h2>Your records used in training</h2>\n");
    out.append("<p>Birth date: ").append(s.birthDate() == null ? "unknown" : s.birthDate().toString())
        .append(s.closedAt() == null ? "" : "; account closed " + s.closedAt()).append(".</p>\n");
    if (s.rows().isEmpty()) {
      out.append("<p>None of your records was used in any training snapshot.</p>\n");
    } else {
      out.append("<table><tr><th>snapshot</th><th>captured (UTC)</th><th>purpose, recipient</th><th>record</th>")
          .append("<th>your age, region at capture</th><th>findings</th><th>model versions</th></tr>\n");
      for (UsedRow r : s.rows()) {
        List<String> findings = r.findings().stream()
            .map(f -> f.ruleId() + " (" + f.severity() + ")" + (f.words().isEmpty() ? "" : ": " + f.words())).toList();
        out.append("<tr><td>").append(Xml.escape(r.snapshotId())).append("</td><td>")
            .append(Xml.escape(r.capturedAt().toString())).append("</td><td>").append(Xml.escape(r.purpose()))
            .append(", ").append(Xml.escape(r.recipient())).append("</td><td>").append(Xml.escape(r.recordId()))
            .append(r.recordType() == null ? "" : " (" + Xml.escape(r.recordType()) + ")").append("</td><td>")
            .append(r.ageAtCapture() == null ? "age unknown" : r.ageAtCapture() + " years").append(", ")
            .append(r.countryCode() == null ? "no region on record"
                : Xml.escape(r.countryCode() + " (" + r.regionGroup() + ")"))
            .append("</td><td>").append(findings.isEmpty() ? "none" : Xml.escape(String.join("; ", findings)))
            .append("</td><td>").append(r.modelVersions().isEmpty() ? (s.lineageConfigured() ? "none recorded" : "")
                : Xml.escape(String.join(", ", r.modelVersions()))).append("</td></tr>\n");
      }
      out.append("</table>\n");
    }
    out.append("<h2>Model versions trained on your records</h2>\n");
    if (!s.lineageConfigured()) {
      out.append("<p>").append(Lineage.NOT_CONFIGURED).append(": which models were trained on which snapshot is not")
          .append(" known to this audit.</p>\n");
    } else if (s.models().isEmpty()) {
      out.append("<p>No model version is recorded as trained on a snapshot holding your records.</p>\n");
    } else {
      out.append("<table><tr><th>model version</th><th>trained (UTC)</th><th>released</th><th>your records</th>")
          .append("<th>of them breaking a promise</th></tr>\n");
      for (ModelUse m : s.models()) {
        out.append("<tr><td>").append(Xml.escape(m.name())).append("</td><td>")
            .append(Xml.escape(m.trainedAt().toString())).append("</td><td>")
            .append(m.releasedAt() == null ? "never released" : Xml.escape(m.releasedAt().toString()))
            .append("</td><td>").append(m.records()).append("</td><td>").append(m.recordsBreakingAPromise())
            .append("</td></tr>\n");
      }
      out.append("</table>\n");
    }
    out.append("</main>\n</body>\n</html>\n");
    return out.toString();
  }

  private static Path replace(Path file, byte[] content) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.write(partial, content);
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }
}
