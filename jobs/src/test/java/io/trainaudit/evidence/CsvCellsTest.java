package io.trainaudit.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV injection: OWASP's rule, reversible exactly, then RFC 4180. */
class CsvCellsTest {
  @Test
  void everyFormulaStartGetsOneGuardAndComesBackExactly() {
    for (String value : List.of("=HYPERLINK(\"https://evil.example\",\"x\")", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx",
        "'already quoted", "'=both", "''")) {
      String written = CsvCells.neutralise(value);
      assertEquals("'" + value, written, value);
      assertEquals(value, CsvCells.restore(written), value);
    }
    for (String value : List.of("", "plain", "a=b", " =not first", "s-1", "\u202E=rtl first", "数据")) {
      assertEquals(value, CsvCells.neutralise(value), value);
      assertEquals(value, CsvCells.restore(CsvCells.neutralise(value)), value);
    }
  }

  @Test
  void cellsAreNeutralisedThenQuotedOnlyWhenTheyMustBe() {
    assertEquals("a,\"b,c\",\"say \"\"hi\"\"\",\r\n", CsvCells.line(List.of("a", "b,c", "say \"hi\"", "")));
    assertEquals("'=1+2,\"'+x,y\",\"'@a\r\nb\",\"'\rcr\",'\ttab,\"'-\"\"q\"\"\"\r\n",
        CsvCells.line(List.of("=1+2", "+x,y", "@a\r\nb", "\rcr", "\ttab", "-\"q\"")));
  }
}
