package io.trainaudit.audit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * A stage of the rules pass: a partition sorted by key becomes, group by group, the rows the
 * stage emits for each group, then what it emits once the partition is done. Nothing beyond one
 * group's rows is held in memory.
 */
abstract class GroupedStage implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** The rows of one key (all of one record's or member's history), to the rows they give. */
  abstract void group(List<Row> rows, List<Row> out);

  /** What the stage emits after the last group of a partition; nothing by default. */
  void end(List<Row> out) {}

  /** A fresh copy for one partition, so that per-partition state starts empty. */
  abstract GroupedStage forPartition();

  /** Where the grouping key is in the input rows. */
  abstract int keyIndex();

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    GroupedStage stage = forPartition();
    KeyGroups groups = new KeyGroups(input, keyIndex());
    return new Iterator<>() {
      private final List<Row> pending = new ArrayList<>();
      private int next;
      private boolean ended;

      @Override
      public boolean hasNext() {
        while (next == pending.size()) {
          pending.clear();
          next = 0;
          if (groups.hasNext()) {
            stage.group(groups.next(), pending);
          } else if (!ended) {
            ended = true;
            stage.end(pending);
          } else {
            return false;
          }
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return pending.get(next++);
      }
    };
  }
}
