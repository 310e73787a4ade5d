package io.trainaudit.report;

import io.trainaudit.Errors;
import io.trainaudit.config.AuditConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a run's report for compliance officers next to its summary:
 * {@code reports/<run id>/report.html} (self-contained, charts as inline SVG) and
 * {@code report.pdf} (the same content, paginated). Reads only bounded data ({@link ReportSources}),
 * so a run with millions of findings gives a report of bounded size.
 */
public final class RunReport {
  public static final String HTML_FILE = "report.html";
  public static final String PDF_FILE = "report.pdf";

  private final SparkSession spark;
  private final AuditConfig config;

  public RunReport(SparkSession spark, AuditConfig config) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The files a report was written to. */
  public record Written(String runId, Path html, Path pdf) {}

  /**
   * Writes the report of a run ({@code latest}: the most recent succeeded one), member ids
   * pseudonymised unless {@code showMemberIds}.
   */
  public Written write(String runIdOrLatest, boolean showMemberIds) {
    ReportData data = new ReportSources(spark, config).load(runIdOrLatest);
    Pseudonyms pseudonyms = showMemberIds ? Pseudonyms.raw() : Pseudonyms.random();
    Path dir = config.output().reports().resolve(data.runId());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw Errors.io("create the report directory " + dir, e);
    }
    Path html = dir.resolve(HTML_FILE);
    replace(html, HtmlReport.render(data, pseudonyms, HtmlReport.Medium.SCREEN));
    Path pdf = dir.resolve(PDF_FILE);
    Path partialPdf = dir.resolve(PDF_FILE + ".partial");
    PdfReport.write(HtmlReport.render(data, pseudonyms, HtmlReport.Medium.PRINT), partialPdf);
    move(partialPdf, pdf);
    return new Written(data.runId(), html, pdf);
  }

  private static void replace(Path file, String content) {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try {
      Files.writeString(partial, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.io("write the report " + file, e);
    }
    move(partial, file);
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw Errors.io("write the report " + to, e);
    }
  }
}
