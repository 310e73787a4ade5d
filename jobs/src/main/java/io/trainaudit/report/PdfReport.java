package io.trainaudit.report;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.trainaudit.Errors;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders the print version of a report ({@link HtmlReport.Medium#PRINT}, well-formed XHTML) to PDF
 * with openhtmltopdf (PDFBox underneath): A4 pages with a running header and page numbers, set by
 * the style sheet's {@code @page} rules. Only the PDF standard fonts are used, so nothing is loaded.
 */
public final class PdfReport {
  private PdfReport() {}

  /** Writes the XHTML document as a PDF file. */
  public static void write(String xhtml, Path file) {
    try (OutputStream out = Files.newOutputStream(file)) {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.withHtmlContent(xhtml, file.getParent().toUri().toString());
      builder.toStream(out);
      builder.run();
    } catch (IOException e) {
      throw Errors.io("write the PDF report " + file, e);
    }
  }
}
