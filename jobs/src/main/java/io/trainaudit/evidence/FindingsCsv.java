package io.trainaudit.evidence;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.to_date;

import io.trainaudit.Errors;
import io.trainaudit.tables.Findings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * findings.csv: one line per finding, with pseudonyms instead of member and record ids, an age band
 * instead of any birth date, and no evidence text; cells neutralised by {@link CsvCells}. Rows
 * stream to the driver one partition at a time ({@code toLocalIterator}), so memory stays bounded
 * whatever the number of findings.
 */
final class FindingsCsv {
  static final List<String> HEADER = List.of(Findings.RULE_ID, Findings.SEVERITY, Findings.SNAPSHOT_ID,
      Findings.CAPTURED_AT, Findings.PURPOSE, Findings.RECIPIENT, Findings.REGION_GROUP, "member_pseudonym",
      "record_pseudonym", "age_band");
  private static final String AGE = "age";

  /**
   * What was written.
   *
   * @param rowsByAgeBand every band of {@link AgeBand#ALL}, with its count of rows
   */
  record Written(long rows, Map<String, Long> rowsByAgeBand) {}

  private FindingsCsv() {}

  static Written write(Dataset<Row> findings, Pseudonymiser pseudonyms, Path file) {
    Dataset<Row> rows = findings.select(
            col(Findings.RULE_ID), col(Findings.SEVERITY), col(Findings.SNAPSHOT_ID), col(Findings.CAPTURED_AT),
            col(Findings.PURPOSE), col(Findings.RECIPIENT), col(Findings.REGION_GROUP), col(Findings.MEMBER_ID),
            col(Findings.RECORD_ID), age().as(AGE))
        .orderBy(col(Findings.SNAPSHOT_ID), col(Findings.RULE_ID), col(Findings.RECORD_ID));
    Map<String, Long> bands = new LinkedHashMap<>();
    AgeBand.ALL.forEach(b -> bands.put(b, 0L));
    long count = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(line(HEADER));
      for (Iterator<Row> it = rows.toLocalIterator(); it.hasNext(); count++) {
        Row r = it.next();
        String band = AgeBand.of(r.isNullAt(9) ? null : r.getInt(9));
        bands.merge(band, 1L, Long::sum);
        Timestamp capturedAt = r.getTimestamp(3);
        out.write(line(List.of(r.getString(0), r.getString(1), r.getString(2),
            capturedAt == null ? "" : capturedAt.toInstant().toString(), nullToEmpty(r.getString(4)),
            nullToEmpty(r.getString(5)), nullToEmpty(r.getString(6)), pseudonyms.member(r.getString(7)),
            pseudonyms.record(r.getString(8)), band)));
      }
    } catch (IOException e) {
      throw Errors.io("write " + file, e);
    }
    return new Written(count, bands);
  }

  /** Age from the evidence: the age the rule assessed, else the age at capture from a birth date there. */
  private static Column age() {
    Column assessed = get_json_object(col(Findings.EVIDENCE), "$.age_at_assessment").cast("int");
    Column birthDate = to_date(get_json_object(col(Findings.EVIDENCE), "$.birth_date"));
    return coalesce(assessed, floor(months_between(col(Findings.CAPTURED_AT), birthDate).divide(12)).cast("int"));
  }

  /** One line of the file: every cell through {@link CsvCells}, so that no spreadsheet runs it as a formula. */
  static String line(List<String> fields) {
    return CsvCells.line(fields);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
