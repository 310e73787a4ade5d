package io.trainaudit.report;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import io.trainaudit.Errors;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the print version of a report ({@link HtmlReport.Medium#PRINT}, well-formed XHTML) to PDF
 * with openhtmltopdf (PDFBox underneath): A4 pages with a running header and page numbers, set by
 * the style sheet's {@code @page} rules. Only the PDF standard fonts are used, so nothing is loaded.
 */
public final class PdfReport {
  static {
    XRLog.setLoggerImpl(new Slf4jXrLogger());
  }

  private PdfReport() {}

  /** Writes a well-formed XHTML document as a PDF file; relative references resolve against its folder. */
  public static void write(String xhtml, Path file) {
    try (OutputStream out = Files.newOutputStream(file)) {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.withHtmlContent(xhtml, file.getParent().toUri().toString());
      builder.toStream(out);
      builder.run();
    } catch (IOException e) {
      throw Errors.io("write the PDF " + file, e);
    }
  }

  /** openhtmltopdf's diagnostics go to the application's logging, not to the console. */
  private static final class Slf4jXrLogger implements XRLogger {
    private static final Logger LOG = LoggerFactory.getLogger("com.openhtmltopdf");

    @Override
    public void log(String where, Level level, String message) {
      log(where, level, message, null);
    }

    @Override
    public void log(String where, Level level, String message, Throwable th) {
      if (level.intValue() >= Level.SEVERE.intValue()) {
        LOG.error("{}: {}", where, message, th);
      } else if (level.intValue() >= Level.WARNING.intValue()) {
        LOG.warn("{}: {}", where, message, th);
      } else {
        LOG.debug("{}: {}", where, message, th);
      }
    }

    @Override
    public void setLevel(String logger, Level level) {
      // levels are the logging configuration's (conf/log4j2.properties)
    }

    @Override
    public boolean isLogLevelEnabled(Diagnostic diagnostic) {
      return diagnostic.getLevel().intValue() >= Level.WARNING.intValue() ? LOG.isWarnEnabled() : LOG.isDebugEnabled();
    }
  }
}
