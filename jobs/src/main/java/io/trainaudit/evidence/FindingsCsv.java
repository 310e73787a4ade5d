package io.trainaudit.evidence;

import static org.apache.spark.sql.functions.col;

import io.trainaudit.Errors;
import io.trainaudit.tables.Findings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * findings.csv, in confidential packages only: one line per finding, with pseudonyms instead of
 * member and record ids, an age band instead of any birth date, and no evidence text; every cell
 * through {@link CsvCells}. Rows stream to the driver one partition at a time
 * ({@code toLocalIterator}), so memory stays bounded whatever the number of findings.
 */
final class FindingsCsv {
  static final List<String> HEADER = List.of(Findings.RULE_ID, Findings.SEVERITY, Findings.SNAPSHOT_ID,
      Findings.CAPTURED_AT, Findings.PURPOSE, Findings.RECIPIENT, Findings.REGION_GROUP, "member_pseudonym",
      "record_pseudonym", "age_band");
  private static final String AGE = "age";

  private FindingsCsv() {}

  /** Writes the file; returns its data rows. */
  static long write(Dataset<Row> findings, Pseudonymiser pseudonyms, Path file) {
    Dataset<Row> rows = findings.select(
            col(Findings.RULE_ID), col(Findings.SEVERITY), col(Findings.SNAPSHOT_ID), col(Findings.CAPTURED_AT),
            col(Findings.PURPOSE), col(Findings.RECIPIENT), col(Findings.REGION_GROUP), col(Findings.MEMBER_ID),
            col(Findings.RECORD_ID), FindingCounts.age().as(AGE))
        .orderBy(col(Findings.SNAPSHOT_ID), col(Findings.RULE_ID), col(Findings.RECORD_ID));
    long count = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(CsvCells.line(HEADER));
      for (Iterator<Row> it = rows.toLocalIterator(); it.hasNext(); count++) {
        Row r = it.next();
        Timestamp capturedAt = r.getTimestamp(3);
        out.write(CsvCells.line(List.of(r.getString(0), r.getString(1), r.getString(2),
            capturedAt == null ? "" : capturedAt.toInstant().toString(), nullToEmpty(r.getString(4)),
            nullToEmpty(r.getString(5)), nullToEmpty(r.getString(6)), pseudonyms.member(r.getString(7)),
            pseudonyms.record(r.getString(8)), AgeBand.of(r.isNullAt(9) ? null : r.getInt(9)))));
      }
    } catch (IOException e) {
      throw Errors.io("write " + file, e);
    }
    return count;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
