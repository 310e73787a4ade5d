package io.trainaudit.timeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.trainaudit.config.Policy;
import io.trainaudit.tables.MemberRegions;
import io.trainaudit.tables.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Region histories as intervals per member, each with its country and region group. Rows at the
 * same instant collapse to a country whose group is affiliate-protected, else the smallest code.
 */
public final class RegionTimeline {
  /** Per member: array of struct(from, until, country_code, region_group). */
  public static final String REGIONS = "regions";
  public static final String COUNTRY_CODE = "country_code";
  public static final String REGION_GROUP = "region_group";

  private RegionTimeline() {}

  public static Dataset<Row> intervals(Dataset<Row> rows, Policy policy) {
    Column group = groupOf(col(MemberRegions.COUNTRY_CODE), policy);
    Column unprotectedFirst =
        when(group.isin(policy.affiliateProtectedGroups().toArray()), lit(0)).otherwise(lit(1));
    WindowSpec history = Window.partitionBy(MemberRegions.MEMBER_ID).orderBy(MemberRegions.EFFECTIVE_FROM);
    Column country = col(MemberRegions.COUNTRY_CODE);
    Dataset<Row> changes =
        // One shuffle by member serves the tie collapse, the windows and the join with the member facts.
        rows.repartition(col(MemberRegions.MEMBER_ID))
            .groupBy(MemberRegions.MEMBER_ID, MemberRegions.EFFECTIVE_FROM)
            .agg(min(struct(unprotectedFirst.as("_rank"), country.as(COUNTRY_CODE))).getField(COUNTRY_CODE)
                .as(MemberRegions.COUNTRY_CODE))
            .withColumn("_before", lag(country, 1).over(history))
            .where(col("_before").isNull().or(country.notEqual(col("_before"))));
    return changes
        .withColumn(AsOf.UNTIL, lead(col(MemberRegions.EFFECTIVE_FROM), 1).over(history))
        .groupBy(MemberRegions.MEMBER_ID)
        .agg(collect_list(struct(
                col(MemberRegions.EFFECTIVE_FROM).as(AsOf.FROM),
                col(AsOf.UNTIL).as(AsOf.UNTIL),
                country.as(COUNTRY_CODE),
                group.as(REGION_GROUP)))
            .as(REGIONS));
  }

  /** The region group of a country code column, by {@code policy.region_groups}; OTHER when in none. */
  public static Column groupOf(Column countryCode, Policy policy) {
    List<Column> entries = new ArrayList<>();
    policy.regionGroups().forEach((name, countries) -> countries.forEach(c -> {
      entries.add(lit(c));
      entries.add(lit(name));
    }));
    Column lookup = entries.isEmpty() ? lit(null).cast("string") : element_at(map(entries.toArray(Column[]::new)), countryCode);
    return coalesce(lookup, lit(Vocabulary.REGION_GROUP_OTHER));
  }
}
