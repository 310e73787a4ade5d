package io.trainaudit.bench;

import io.trainaudit.tables.Findings;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Whether two sets of findings are the same, compared on the columns that identify and classify a
 * finding and that both sides hold. Evidence JSON is not compared: each engine words it its own way.
 *
 * @param columns the columns compared
 * @param left how many findings the left side holds
 * @param right how many the right side holds
 * @param onlyLeft findings only the left side holds
 * @param onlyRight findings only the right side holds
 * @param examples up to five differing findings, for the log
 */
public record FindingsComparison(List<String> columns, long left, long right, long onlyLeft, long onlyRight,
    List<String> examples) {
  static final List<String> KEY = List.of(Findings.RULE_ID, Findings.SEVERITY, Findings.SNAPSHOT_ID,
      Findings.RECORD_ID, Findings.MEMBER_ID, Findings.REGION_GROUP);
  private static final int EXAMPLES = 5;

  public boolean same() {
    return onlyLeft == 0 && onlyRight == 0 && left == right;
  }

  public static FindingsComparison of(Dataset<Row> left, Dataset<Row> right) {
    Set<String> shared = Set.of(right.columns());
    List<String> columns = KEY.stream().filter(c -> Arrays.asList(left.columns()).contains(c) && shared.contains(c))
        .toList();
    Column[] selected = columns.stream().map(functions::col).toArray(Column[]::new);
    Dataset<Row> l = left.select(selected);
    Dataset<Row> r = right.select(selected);
    Dataset<Row> onlyLeft = l.exceptAll(r);
    Dataset<Row> onlyRight = r.exceptAll(l);
    List<String> examples = onlyLeft.limit(EXAMPLES).collectAsList().stream().map(row -> "only left: " + row)
        .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    onlyRight.limit(EXAMPLES).collectAsList().forEach(row -> examples.add("only right: " + row));
    return new FindingsComparison(columns, l.count(), r.count(), onlyLeft.count(), onlyRight.count(),
        List.copyOf(examples));
  }
}
