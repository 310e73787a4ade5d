package io.trainaudit.audit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * The rows of a partition sorted by a long key, handed out one key at a time: each group holds
 * every row of its key, and only those, so a stage sees all the history of a record or member at
 * once. A key shared by two ids (a hash collision) is one group; the stages split it by id.
 */
final class KeyGroups implements Iterator<List<Row>> {
  private final Iterator<Row> rows;
  private final int keyIndex;
  private Row next;

  KeyGroups(Iterator<Row> rows, int keyIndex) {
    this.rows = rows;
    this.keyIndex = keyIndex;
    this.next = rows.hasNext() ? rows.next() : null;
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public List<Row> next() {
    if (next == null) {
      throw new NoSuchElementException();
    }
    List<Row> group = new ArrayList<>();
    long key = next.getLong(keyIndex);
    while (next != null && next.getLong(keyIndex) == key) {
      group.add(next);
      next = rows.hasNext() ? rows.next() : null;
    }
    return group;
  }
}
