package io.trainaudit.audit;

import static io.trainaudit.audit.StageRows.ByContext.I_CONTEXT;
import static io.trainaudit.audit.StageRows.ByContext.I_FLAG;
import static io.trainaudit.audit.StageRows.ByContext.I_ID;
import static io.trainaudit.audit.StageRows.ByContext.I_KEY;
import static io.trainaudit.audit.StageRows.ByContext.I_T1;
import static io.trainaudit.audit.StageRows.ByContext.I_TAG;
import static io.trainaudit.audit.StageRows.ByContext.I_TEXT;

import io.trainaudit.audit.StageRows.ByContext;
import io.trainaudit.audit.StageRows.ByRecord;
import io.trainaudit.timeline.ContextTimeline;
import io.trainaudit.timeline.Timeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The stage before the record stage when the run reads sensitive_contexts, by context: a
 * context's flags (they sort first), then the records posted in it. It builds the context's
 * history once and hands each of its records the periods of that history, as rows for the record
 * stage; a context never flagged with a category the policy lists gives nothing.
 */
final class ContextStage extends GroupedStage {
  private static final long serialVersionUID = 1L;

  @Override
  GroupedStage forPartition() {
    return new ContextStage();
  }

  @Override
  int keyIndex() {
    return I_KEY;
  }

  /** One context's flags, then, from its first record on, its history's periods. */
  private static final class Context {
    final List<ContextTimeline.Flag> flags = new ArrayList<>();
    List<Timeline.Change<List<String>>> periods;
  }

  /** The contexts of the current group, by id: more than one only when their ids' hashes collide. */
  private transient Map<String, Context> group;

  @Override
  void row(Row row, List<Row> out) {
    if (group == null) {
      group = new HashMap<>();
    }
    Context context = group.computeIfAbsent(row.getString(I_CONTEXT), c -> new Context());
    switch (row.getInt(I_TAG)) {
      case ByContext.FLAG_ROW ->
          context.flags.add(new ContextTimeline.Flag(row.getString(I_TEXT), row.getLong(I_T1), row.getBoolean(I_FLAG)));
      case ByContext.RECORD_IN_CONTEXT -> {
        if (context.periods == null) {
          List<Timeline.Change<List<String>>> periods = ContextTimeline.of(context.flags).changes();
          boolean everFlagged = periods.stream().anyMatch(p -> !p.value().isEmpty());
          context.periods = everFlagged ? periods : List.of();
        }
        for (Timeline.Change<List<String>> period : context.periods) {
          out.add(period(row.getString(I_ID), period));
        }
      }
      default -> throw new IllegalStateException("unexpected row of the context stage: " + row);
    }
  }

  @Override
  void endGroup(List<Row> out) {
    group = null;
  }

  /** A period of a record's context, for the record stage (its sort key is added by the pass). */
  private static Row period(String recordId, Timeline.Change<List<String>> period) {
    Object[] v = new Object[ByRecord.SCHEMA.length()];
    v[ByRecord.I_TAG] = ByRecord.CONTEXT_PERIOD;
    v[ByRecord.I_ID] = recordId;
    v[ByRecord.I_T1] = period.at();
    v[ByRecord.I_CATEGORIES] = period.value().toArray(String[]::new);
    return RowFactory.create(v);
  }
}
