package io.trainaudit.tables;

import java.util.Objects;
import org.apache.spark.sql.Column;

/**
 * A condition on a row beyond its column types. A row for which {@code violatedWhen} is true is
 * quarantined with {@code reason}. The condition sees the columns already converted to their
 * canonical types.
 */
public record RowCheck(String reason, Column violatedWhen) {
  public RowCheck {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(violatedWhen, "violatedWhen");
  }
}
