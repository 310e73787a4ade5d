package io.trainaudit.rules;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.struct;

import io.trainaudit.config.Policy;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * No record a member created before the data-origin cutoff of the member's region is used for
 * generative training (an unknown record counts as created at capture).
 */
public final class DataOriginCutoff implements Rule {
  @Override
  public RuleId id() {
    return RuleId.DATA_ORIGIN_CUTOFF;
  }

  @Override
  public String description() {
    return "No data collected before the cutoff day of the member's region is used for generative AI training.";
  }

  @Override
  public Column finding(Policy policy) {
    return Facts.holds(Facts.generative().and(col(AuditRow.CREATED_AT).lt(cutoff(policy).cast("timestamp"))));
  }

  @Override
  public Column evidence(Policy policy) {
    return struct(
        col(AuditRow.REGION_GROUP),
        col(AuditRow.COUNTRY_CODE),
        col(AuditRow.REGION_SINCE),
        cutoff(policy).as("data_origin_cutoff"),
        col(AuditRow.CREATED_AT).as("record_created_at"),
        col(AuditRow.RECORD_KNOWN));
  }

  /** The cutoff day of the member's group at capture (00:00 UTC); null for a group without one. */
  private static Column cutoff(Policy policy) {
    List<Column> entries = new ArrayList<>();
    policy.dataOriginCutoff().forEach((group, date) -> {
      entries.add(lit(group));
      entries.add(lit(java.sql.Date.valueOf(date)));
    });
    return entries.isEmpty()
        ? lit(null).cast("date")
        : element_at(map(entries.toArray(Column[]::new)), col(AuditRow.REGION_GROUP));
  }
}
