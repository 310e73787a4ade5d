package io.trainaudit.audit;

import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;

import io.trainaudit.tables.Vocabulary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.spark.sql.Column;

/**
 * The small int codes that stand for strings of closed, small vocabularies between the stages of
 * the rules pass, and back: each code is the string's place in a sorted list, so codes compare as
 * their strings do (but for visibilities, ordered by protectiveness). Their vocabularies are the
 * contract's.
 */
final class Codes implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] values;

  private Codes(List<String> values) {
    this.values = values.toArray(String[]::new);
  }

  /** Codes for these strings, sorted; nulls are left out. */
  static Codes of(Iterable<String> strings) {
    TreeSet<String> sorted = new TreeSet<>();
    strings.forEach(s -> {
      if (s != null) {
        sorted.add(s);
      }
    });
    return new Codes(new ArrayList<>(sorted));
  }

  static Codes purposes() {
    return of(Vocabulary.PURPOSES);
  }

  static Codes channels() {
    return of(Vocabulary.CHANNELS);
  }

  /** Visibilities by protectiveness, not by name: the tie rule takes the highest code. */
  static Codes visibilities() {
    return new Codes(Vocabulary.VISIBILITIES);
  }

  /** The column's code, or null for a value outside the list (the inputs are validated: none is). */
  Column encode(Column value) {
    if (values.length == 0) {
      return lit(null).cast("int");
    }
    Column[] entries = new Column[values.length * 2];
    for (int i = 0; i < values.length; i++) {
      entries[2 * i] = lit(values[i]);
      entries[2 * i + 1] = lit(i);
    }
    return element_at(map(entries), value);
  }

  String decode(int code) {
    return values[code];
  }

  int code(String value) {
    for (int i = 0; i < values.length; i++) {
      if (Objects.equals(values[i], value)) {
        return i;
      }
    }
    throw new IllegalArgumentException("not a coded value: " + value);
  }

  int size() {
    return values.length;
  }
}
