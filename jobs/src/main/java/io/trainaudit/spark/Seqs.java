package io.trainaudit.spark;

import java.util.List;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Scala sequences for the few Spark APIs that take them. */
public final class Seqs {
  private Seqs() {}

  @SafeVarargs
  public static <T> Seq<T> of(T... values) {
    return JavaConverters.asScalaBufferConverter(List.of(values)).asScala().toSeq();
  }
}
