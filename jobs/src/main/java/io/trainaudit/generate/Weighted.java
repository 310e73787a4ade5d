package io.trainaudit.generate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A random choice among values with relative weights. */
final class Weighted<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<T> values;
  private final double[] cumulative;

  /** From values to weights, in the map's iteration order (use an ordered map: the order is part of the seed's meaning). */
  Weighted(Map<T, Double> weights) {
    values = new ArrayList<>(weights.keySet());
    cumulative = new double[values.size()];
    double total = 0;
    for (int i = 0; i < values.size(); i++) {
      total += weights.get(values.get(i));
      cumulative[i] = total;
    }
    if (values.isEmpty() || total <= 0) {
      throw new IllegalArgumentException("no value with a positive weight: " + weights);
    }
  }

  T next(SplittableRandom random) {
    double x = random.nextDouble() * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length; i++) {
      if (x < cumulative[i]) {
        return values.get(i);
      }
    }
    return values.get(values.size() - 1);
  }
}
