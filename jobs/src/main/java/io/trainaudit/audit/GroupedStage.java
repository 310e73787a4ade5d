package io.trainaudit.audit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * A stage of the rules pass. Its partition is sorted by {@link StageRows#KEY}, so the rows of one
 * record or member (one group) arrive together, history first; the stage sees them one at a time
 * and is told when a group ends. What a row gives is handed on at once: the stage holds a group's
 * history, never a group's training rows.
 */
abstract class GroupedStage implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** A fresh copy for one partition, so that per-partition state starts empty. */
  abstract GroupedStage forPartition();

  /** Where the sort key is in the input rows. */
  abstract int keyIndex();

  /** One row of the current group, in key order. */
  abstract void row(Row row, List<Row> out);

  /** The current group has no more rows. */
  abstract void endGroup(List<Row> out);

  /** What the stage emits after the last group of a partition; nothing by default. */
  void end(List<Row> out) {}

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    GroupedStage stage = forPartition();
    int keyIndex = keyIndex();
    return new Iterator<>() {
      private final List<Row> pending = new ArrayList<>();
      private int next;
      private boolean started;
      private boolean ended;
      private long group;

      @Override
      public boolean hasNext() {
        while (next == pending.size()) {
          pending.clear();
          next = 0;
          if (input.hasNext()) {
            Row row = input.next();
            long key = row.getLong(keyIndex) >> StageRows.TAG_BITS;
            if (started && key != group) {
              stage.endGroup(pending);
            }
            started = true;
            group = key;
            stage.row(row, pending);
          } else if (!ended) {
            ended = true;
            if (started) {
              stage.endGroup(pending);
            }
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
