package io.trainaudit.audit;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.trainaudit.config.Policy;
import io.trainaudit.rules.AuditRow;
import io.trainaudit.spark.Seqs;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.ConsentEvents;
import io.trainaudit.tables.MemberRegions;
import io.trainaudit.tables.Members;
import io.trainaudit.tables.RecordVisibility;
import io.trainaudit.tables.Records;
import io.trainaudit.tables.SensitiveContexts;
import io.trainaudit.tables.TrainingSnapshots;
import io.trainaudit.tables.Vocabulary;
import io.trainaudit.timeline.AsOf;
import io.trainaudit.timeline.ConsentTimeline;
import io.trainaudit.timeline.ContextTimeline;
import io.trainaudit.timeline.RegionTimeline;
import io.trainaudit.timeline.VisibilityTimeline;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Enriches each training row once with every fact as of its captured_at ({@link AuditRow}).
 *
 * <p>The training table is joined twice, both times on equality and never multiplying rows: by
 * record_id with the record's facts, visibility intervals and the sensitive periods of the context
 * it was posted in, then by member_id with the member's facts, opt-out runs and region intervals.
 * The histories travel as small per-key arrays of intervals, and the state at capture is picked
 * from them inside the row, so no as-of join and no join per snapshot is needed.
 */
public final class Enrichment {
  private Enrichment() {}

  public static Dataset<Row> enrich(AuditInputs inputs, Dataset<Row> training, Policy policy) {
    return enrich(inputs, training, policy, false);
  }

  /**
   * Enriches the given training rows. With {@code narrowHistories} (a night's rows, few and
   * staged), the histories are first narrowed to the records and members those rows name, so that
   * the whole history tables are scanned but never shuffled.
   */
  public static Dataset<Row> enrich(AuditInputs inputs, Dataset<Row> training, Policy policy,
      boolean narrowHistories) {
    Histories histories = narrowHistories ? Histories.of(inputs, training) : Histories.whole(inputs);
    Column at = col(AuditRow.CAPTURED_AT);
    Column visibility = AsOf.at(col(VisibilityTimeline.VISIBILITIES), at);
    Column sensitive = AsOf.at(col(ContextTimeline.SENSITIVE_PERIODS), at);
    // The visibility and context flags at capture are picked before the shuffle by member: only they
    // travel, not the histories.
    Dataset<Row> rows =
        auditedRows(training)
            .join(recordFacts(histories, policy), Seqs.of(AuditRow.RECORD_ID), "left")
            .withColumn(AuditRow.RECORD_KNOWN, col(AuditRow.RECORD_MEMBER_ID).isNotNull())
            .withColumn(AuditRow.MEMBER_ID, coalesce(col(AuditRow.RECORD_MEMBER_ID), col(AuditRow.SNAPSHOT_MEMBER_ID)))
            .withColumn(AuditRow.CREATED_AT, coalesce(col(AuditRow.CREATED_AT), col(AuditRow.CAPTURED_AT)))
            .withColumn(AuditRow.VISIBILITY, visibility.getField(VisibilityTimeline.VISIBILITY))
            .withColumn(AuditRow.VISIBILITY_SINCE, visibility.getField(AsOf.FROM))
            .withColumn(AuditRow.SENSITIVE_CATEGORIES, sensitive.getField(ContextTimeline.CATEGORIES))
            .withColumn(AuditRow.SENSITIVE_SINCE, sensitive.getField(AsOf.FROM))
            .drop(VisibilityTimeline.VISIBILITIES, ContextTimeline.SENSITIVE_PERIODS)
            .join(memberFacts(histories, policy), Seqs.of(AuditRow.MEMBER_ID), "left");
    Column region = AsOf.at(col(RegionTimeline.REGIONS), at);
    Column runs = col(ConsentTimeline.OPT_OUT_RUNS);
    return rows.select(
        col(AuditRow.SNAPSHOT_ID),
        at.as(AuditRow.CAPTURED_AT),
        col(AuditRow.PURPOSE),
        col(AuditRow.RECIPIENT),
        col(AuditRow.RECORD_ID),
        col(AuditRow.MEMBER_ID),
        col(AuditRow.SNAPSHOT_MEMBER_ID),
        col(AuditRow.RECORD_MEMBER_ID),
        col(AuditRow.RECORD_KNOWN),
        col(AuditRow.RECORD_TYPE),
        col(AuditRow.CREATED_AT),
        col(AuditRow.DELETED_AT),
        col(AuditRow.CONTEXT_ID),
        col(AuditRow.SENSITIVE_CATEGORIES),
        col(AuditRow.SENSITIVE_SINCE),
        coalesce(col(AuditRow.MEMBER_KNOWN), lit(false)).as(AuditRow.MEMBER_KNOWN),
        col(AuditRow.BIRTH_DATE),
        col(AuditRow.CLOSED_AT),
        col(AuditRow.VISIBILITY),
        col(AuditRow.VISIBILITY_SINCE),
        region.getField(RegionTimeline.COUNTRY_CODE).as(AuditRow.COUNTRY_CODE),
        region.getField(RegionTimeline.REGION_GROUP).as(AuditRow.REGION_GROUP),
        region.getField(AsOf.FROM).as(AuditRow.REGION_SINCE),
        ConsentTimeline.optedOutSince(runs, Vocabulary.CHANNEL_GENERATIVE_AI_SETTING, at)
            .as(AuditRow.GENERATIVE_SETTING_SINCE),
        ConsentTimeline.optedOutSince(runs, Vocabulary.CHANNEL_OBJECTION_GENERATIVE, at)
            .as(AuditRow.OBJECTION_GENERATIVE_SINCE),
        ConsentTimeline.optedOutSince(runs, Vocabulary.CHANNEL_OBJECTION_NON_GENERATIVE, at)
            .as(AuditRow.OBJECTION_NON_GENERATIVE_SINCE),
        col(AuditRow.COPIES),
        col(AuditRow.COPY_RANK),
        col(AuditRow.DISTINCT_COPIES));
  }

  /**
   * One row per distinct valid copy of each (snapshot_id, record_id), with how many identical rows
   * it stands for, its rank among the pair's distinct copies and their number: copies that differ
   * (another recipient, purpose, member or capture) are each judged, so an {@code internal} copy
   * never hides an affiliate one. Partitioned by record_id, and sorted by it, so that the join with
   * the record's facts needs neither a second shuffle nor a second sort.
   */
  static Dataset<Row> auditedRows(Dataset<Row> training) {
    Column[] order = {
      col(TrainingSnapshots.CAPTURED_AT), col(TrainingSnapshots.PURPOSE), col(TrainingSnapshots.RECIPIENT),
      col(TrainingSnapshots.MEMBER_ID)
    };
    WindowSpec pair = Window.partitionBy(col(TrainingSnapshots.RECORD_ID), col(TrainingSnapshots.SNAPSHOT_ID));
    return training
        .repartition(col(TrainingSnapshots.RECORD_ID))
        .groupBy(TrainingSnapshots.RECORD_ID, TrainingSnapshots.SNAPSHOT_ID, TrainingSnapshots.CAPTURED_AT,
            TrainingSnapshots.PURPOSE, TrainingSnapshots.RECIPIENT, TrainingSnapshots.MEMBER_ID)
        .agg(count(lit(1)).as(AuditRow.COPIES))
        .select(
            col(TrainingSnapshots.SNAPSHOT_ID).as(AuditRow.SNAPSHOT_ID),
            col(TrainingSnapshots.CAPTURED_AT).as(AuditRow.CAPTURED_AT),
            col(TrainingSnapshots.PURPOSE).as(AuditRow.PURPOSE),
            col(TrainingSnapshots.RECIPIENT).as(AuditRow.RECIPIENT),
            col(TrainingSnapshots.RECORD_ID).as(AuditRow.RECORD_ID),
            col(TrainingSnapshots.MEMBER_ID).as(AuditRow.SNAPSHOT_MEMBER_ID),
            col(AuditRow.COPIES),
            row_number().over(pair.orderBy(order)).minus(1).as(AuditRow.COPY_RANK),
            count(lit(1)).over(pair).as(AuditRow.DISTINCT_COPIES));
  }

  /**
   * The valid rows of the history tables an enrichment reads: whole, or narrowed to the keys in
   * scope, and the (record_id, context_id) pairs of the records posted in a context. {@code
   * contexts} and {@code recordContexts} are null when the run reads no sensitive_contexts table.
   */
  private record Histories(Dataset<Row> records, Dataset<Row> visibility, Dataset<Row> members,
      Dataset<Row> consent, Dataset<Row> regions, Dataset<Row> contexts, Dataset<Row> recordContexts) {
    static Histories whole(AuditInputs inputs) {
      boolean contexts = inputs.has(InputTable.SENSITIVE_CONTEXTS);
      return new Histories(inputs.valid(InputTable.RECORDS), inputs.valid(InputTable.RECORD_VISIBILITY),
          inputs.valid(InputTable.MEMBERS), inputs.valid(InputTable.CONSENT_EVENTS),
          inputs.valid(InputTable.MEMBER_REGIONS),
          contexts ? inputs.valid(InputTable.SENSITIVE_CONTEXTS) : null,
          // Read as is: only the pairs of records found valid are kept, by the join with the valid records.
          contexts ? recordContexts(inputs.unvalidated(InputTable.RECORDS)) : null);
    }

    /** Only the records the rows name, the members they or those records name, and those records' contexts. */
    static Histories of(AuditInputs inputs, Dataset<Row> training) {
      Dataset<Row> recordIds = training.select(col(TrainingSnapshots.RECORD_ID).as(Records.RECORD_ID));
      Dataset<Row> records = inputs.valid(InputTable.RECORDS, Records.RECORD_ID, recordIds);
      Dataset<Row> memberIds = training.select(col(TrainingSnapshots.MEMBER_ID).as(Members.MEMBER_ID))
          .union(records.select(col(Records.MEMBER_ID).as(Members.MEMBER_ID)));
      Dataset<Row> contextIds = records.select(col(Records.CONTEXT_ID).as(SensitiveContexts.CONTEXT_ID));
      return new Histories(records,
          inputs.valid(InputTable.RECORD_VISIBILITY, RecordVisibility.RECORD_ID, recordIds),
          inputs.valid(InputTable.MEMBERS, Members.MEMBER_ID, memberIds),
          inputs.valid(InputTable.CONSENT_EVENTS, ConsentEvents.MEMBER_ID, memberIds),
          inputs.valid(InputTable.MEMBER_REGIONS, MemberRegions.MEMBER_ID, memberIds),
          inputs.has(InputTable.SENSITIVE_CONTEXTS)
              ? inputs.valid(InputTable.SENSITIVE_CONTEXTS, SensitiveContexts.CONTEXT_ID, contextIds)
              : null,
          inputs.has(InputTable.SENSITIVE_CONTEXTS) ? recordContexts(records) : null);
    }

    /** The (record_id, context_id) pairs of the records posted in a context. */
    private static Dataset<Row> recordContexts(Dataset<Row> records) {
      return records.where(col(Records.CONTEXT_ID).isNotNull())
          .select(col(Records.RECORD_ID).as(AuditRow.RECORD_ID), col(Records.CONTEXT_ID).as(AuditRow.CONTEXT_ID));
    }
  }

  /** Per record: its owner, type, lifecycle, context, visibility intervals and its context's sensitive periods. */
  private static Dataset<Row> recordFacts(Histories histories, Policy policy) {
    Dataset<Row> records =
        histories.records().select(
            col(Records.RECORD_ID).as(AuditRow.RECORD_ID),
            col(Records.MEMBER_ID).as(AuditRow.RECORD_MEMBER_ID),
            col(Records.RECORD_TYPE).as(AuditRow.RECORD_TYPE),
            col(Records.CREATED_AT).as(AuditRow.CREATED_AT),
            col(Records.DELETED_AT).as(AuditRow.DELETED_AT),
            col(Records.CONTEXT_ID).as(AuditRow.CONTEXT_ID));
    Dataset<Row> visibility = VisibilityTimeline.intervals(histories.visibility());
    Dataset<Row> facts = records.join(visibility, Seqs.of(AuditRow.RECORD_ID), "left");
    if (histories.contexts() == null) {
      return facts.withColumn(ContextTimeline.SENSITIVE_PERIODS, lit(null).cast(ContextTimeline.PERIODS_TYPE));
    }
    // Only the ids of records posted in a context travel by context, and back with their context's
    // periods: the records, and the training rows, keep their partitioning by record_id.
    Dataset<Row> periods = ContextTimeline.intervals(histories.contexts(), policy)
        .withColumnRenamed(SensitiveContexts.CONTEXT_ID, AuditRow.CONTEXT_ID);
    Dataset<Row> recordPeriods = histories.recordContexts()
        .join(periods, Seqs.of(AuditRow.CONTEXT_ID))
        .select(AuditRow.RECORD_ID, ContextTimeline.SENSITIVE_PERIODS);
    return facts.join(recordPeriods, Seqs.of(AuditRow.RECORD_ID), "left");
  }

  /** Per member: birth date, closure, opt-out runs and region intervals; any of them may be absent. */
  private static Dataset<Row> memberFacts(Histories histories, Policy policy) {
    Dataset<Row> members =
        histories.members().select(
            col(Members.MEMBER_ID).as(AuditRow.MEMBER_ID),
            col(Members.BIRTH_DATE).as(AuditRow.BIRTH_DATE),
            col(Members.CLOSED_AT).as(AuditRow.CLOSED_AT),
            lit(true).as(AuditRow.MEMBER_KNOWN));
    Dataset<Row> consent = ConsentTimeline.optOutRuns(histories.consent());
    Dataset<Row> regions = RegionTimeline.intervals(histories.regions(), policy);
    return members
        .join(consent, Seqs.of(AuditRow.MEMBER_ID), "full_outer")
        .join(regions, Seqs.of(AuditRow.MEMBER_ID), "full_outer");
  }
}
