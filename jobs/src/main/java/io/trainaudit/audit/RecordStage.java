package io.trainaudit.audit;

import static io.trainaudit.audit.StageRows.ByRecord.I_CATEGORIES;
import static io.trainaudit.audit.StageRows.ByRecord.I_CODE;
import static io.trainaudit.audit.StageRows.ByRecord.I_CONTEXT;
import static io.trainaudit.audit.StageRows.ByRecord.I_ID;
import static io.trainaudit.audit.StageRows.ByRecord.I_KEY;
import static io.trainaudit.audit.StageRows.ByRecord.I_MEMBER;
import static io.trainaudit.audit.StageRows.ByRecord.I_Q_JSON;
import static io.trainaudit.audit.StageRows.ByRecord.I_Q_REASON;
import static io.trainaudit.audit.StageRows.ByRecord.I_Q_TABLE;
import static io.trainaudit.audit.StageRows.ByRecord.I_RECIPIENT;
import static io.trainaudit.audit.StageRows.ByRecord.I_SNAPSHOT;
import static io.trainaudit.audit.StageRows.ByRecord.I_T1;
import static io.trainaudit.audit.StageRows.ByRecord.I_T2;
import static io.trainaudit.audit.StageRows.ByRecord.I_TAG;
import static io.trainaudit.audit.StageRows.ByRecord.I_TEXT;

import io.trainaudit.audit.StageRows.ByMember;
import io.trainaudit.audit.StageRows.ByRecord;
import io.trainaudit.tables.InputTable;
import io.trainaudit.timeline.Timeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The first stage of the rules pass, by record: all the rows of one record (its records row, its
 * visibility history and every training row naming it) at once. It tells whether the record is
 * known (one valid row, no other row with its id), builds its visibility intervals and its
 * context's history, and emits each distinct valid copy of each training row with the record's
 * facts, its visibility and its context's flags at capture, keyed for the member stage by the
 * member it audits.
 */
final class RecordStage extends GroupedStage {
  private static final long serialVersionUID = 1L;

  /** A distinct valid copy of a training row, in the order copies are ranked. */
  private record Copy(long capturedAt, int purpose, String recipient, String member) {}

  private static final Comparator<Copy> COPY_ORDER = Comparator.comparingLong(Copy::capturedAt)
      .thenComparingInt(Copy::purpose)
      .thenComparing(Copy::recipient)
      .thenComparing(Copy::member);

  private final boolean markDuplicateKeys;

  /** @param markDuplicateKeys whether a record id held by several rows is reported for quarantine */
  RecordStage(boolean markDuplicateKeys) {
    this.markDuplicateKeys = markDuplicateKeys;
  }

  @Override
  GroupedStage forPartition() {
    return new RecordStage(markDuplicateKeys);
  }

  @Override
  int keyIndex() {
    return I_KEY;
  }

  /** What one record's rows have told so far. */
  private static final class Record {
    final List<Row> rows = new ArrayList<>();
    int copiesOfId;
    final List<Timeline.Change<Integer>> visibility = new ArrayList<>();
    final List<Timeline.Change<List<String>>> context = new ArrayList<>();
    final Map<String, Map<Copy, Long>> training = new TreeMap<>();
  }

  /** The records of the current group, by id: more than one only when their ids' hashes collide. */
  private transient Map<String, Record> group;

  @Override
  void row(Row row, List<Row> out) {
    int tag = row.getInt(I_TAG);
    if (tag == ByRecord.QUARANTINED) {
      out.add(ByMember.quarantined(row.getString(I_Q_TABLE), row.getString(I_Q_REASON), row.getString(I_Q_JSON)));
      return;
    }
    if (group == null) {
      group = new LinkedHashMap<>();
    }
    Record record = group.computeIfAbsent(row.getString(I_ID), id -> new Record());
    switch (tag) {
      case ByRecord.RECORD -> {
        record.rows.add(row);
        record.copiesOfId++;
      }
      case ByRecord.INVALID_RECORD -> {
        record.copiesOfId++;
        if (!row.isNullAt(I_Q_JSON)) {
          out.add(ByMember.quarantined(row.getString(I_Q_TABLE), row.getString(I_Q_REASON), row.getString(I_Q_JSON)));
        }
      }
      case ByRecord.VISIBILITY -> record.visibility.add(new Timeline.Change<>(row.getLong(I_T1), row.getInt(I_CODE)));
      case ByRecord.CONTEXT_PERIOD ->
          record.context.add(new Timeline.Change<>(row.getLong(I_T1), List.copyOf(row.<String>getList(I_CATEGORIES))));
      case ByRecord.TRAINING -> record.training.computeIfAbsent(row.getString(I_SNAPSHOT), s -> new LinkedHashMap<>())
          .merge(new Copy(row.getLong(I_T1), row.getInt(I_CODE), row.getString(I_RECIPIENT), row.getString(I_MEMBER)),
              1L, Long::sum);
      default -> throw new IllegalStateException("unexpected row of the record stage: " + row);
    }
  }

  @Override
  void endGroup(List<Row> out) {
    if (group != null) {
      group.forEach((id, record) -> record(id, record, out));
      group = null;
    }
  }

  /** A record's training copies, each with the record's facts, once its every row has been seen. */
  private void record(String recordId, Record state, List<Row> out) {
    if (state.copiesOfId > 1 && !state.rows.isEmpty() && markDuplicateKeys) {
      out.add(ByMember.duplicateKey(InputTable.RECORDS.tableName(), recordId, state.copiesOfId));
    }
    Row record = state.copiesOfId == 1 && state.rows.size() == 1 ? state.rows.get(0) : null;
    Timeline<Integer> visibilities = Timeline.of(state.visibility, Math::max);
    // The context stage sends one record's periods once, one per instant: the tie rule is never asked.
    Timeline<List<String>> context = Timeline.of(state.context, (a, b) -> a);
    state.training.forEach((snapshot, copies) -> {
      List<Copy> distinct = new ArrayList<>(copies.keySet());
      distinct.sort(COPY_ORDER);
      for (int rank = 0; rank < distinct.size(); rank++) {
        Copy copy = distinct.get(rank);
        out.add(audited(recordId, snapshot, copy, copies.get(copy), rank, distinct.size(), record,
            record == null ? null : visibilities.at(copy.capturedAt()),
            record == null ? null : context.at(copy.capturedAt())));
      }
    });
  }

  /** A training copy as audited: for the member stage, keyed by the member it audits. */
  private static Row audited(String recordId, String snapshot, Copy copy, long copies, int rank, int distinct,
      Row record, Timeline.State<Integer> visibility, Timeline.State<List<String>> flagged) {
    Object[] v = new Object[ByMember.SCHEMA.length()];
    v[ByMember.I_TAG] = ByMember.AUDITED;
    v[ByMember.I_MEMBER] = record == null ? copy.member() : record.getString(I_MEMBER);
    v[ByMember.I_ID] = recordId;
    v[ByMember.I_SNAPSHOT_MEMBER] = copy.member();
    v[ByMember.I_T1] = copy.capturedAt();
    v[ByMember.I_CODE] = copy.purpose();
    v[ByMember.I_SNAPSHOT] = snapshot;
    v[ByMember.I_RECIPIENT] = copy.recipient();
    v[ByMember.I_COPIES] = copies;
    v[ByMember.I_RANK] = rank;
    v[ByMember.I_DISTINCT_COPIES] = distinct;
    if (record == null) {
      v[ByMember.I_T2] = copy.capturedAt();
    } else {
      v[ByMember.I_RECORD_MEMBER] = record.getString(I_MEMBER);
      v[ByMember.I_T2] = record.getLong(I_T1);
      v[ByMember.I_T3] = record.isNullAt(I_T2) ? null : record.getLong(I_T2);
      v[ByMember.I_TEXT] = record.getString(I_TEXT);
      if (visibility != null) {
        v[ByMember.I_VISIBILITY] = visibility.value();
        v[ByMember.I_T4] = visibility.since();
      }
      v[ByMember.I_CONTEXT] = record.getString(I_CONTEXT);
      if (flagged != null && !flagged.value().isEmpty()) {
        v[ByMember.I_CATEGORIES] = flagged.value().toArray(String[]::new);
        v[ByMember.I_T5] = flagged.since();
      }
    }
    return RowFactory.create(v);
  }
}
