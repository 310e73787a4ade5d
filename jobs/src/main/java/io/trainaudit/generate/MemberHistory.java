package io.trainaudit.generate;

import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.ConsentEvents;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.MemberRegions;
import io.trainaudit.tables.Members;
import io.trainaudit.tables.RecordVisibility;
import io.trainaudit.tables.Records;
import io.trainaudit.tables.SensitiveContexts;
import io.trainaudit.tables.TrainingSnapshots;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one simulated member owns: its rows in every input table, the training rows that
 * took its records, the planted invalid rows, and the findings those training rows must produce.
 * Built by one simulation, then only read. Timestamps are epoch seconds; a null is only ever in a
 * planted invalid row.
 */
final class MemberHistory {
  /** A row of one of the generated tables. */
  interface TableRow {
    InputTable table();

    Object[] values();
  }

  record MemberRow(String memberId, LocalDate birthDate, Long closedAt) implements TableRow {
    public InputTable table() {
      return InputTable.MEMBERS;
    }

    public Object[] values() {
      return TableLayout.of(table()).row(
          Members.MEMBER_ID, memberId, Members.BIRTH_DATE, birthDate, Members.CLOSED_AT, closedAt);
    }
  }

  record RegionRow(String memberId, String countryCode, Long effectiveFrom) implements TableRow {
    public InputTable table() {
      return InputTable.MEMBER_REGIONS;
    }

    public Object[] values() {
      return TableLayout.of(table()).row(MemberRegions.MEMBER_ID, memberId, MemberRegions.COUNTRY_CODE, countryCode,
          MemberRegions.EFFECTIVE_FROM, effectiveFrom);
    }
  }

  record ConsentRow(String eventId, String memberId, String channel, Boolean optedOut, Long eventTime, String source)
      implements TableRow {
    public InputTable table() {
      return InputTable.CONSENT_EVENTS;
    }

    public Object[] values() {
      return TableLayout.of(table()).row(ConsentEvents.EVENT_ID, eventId, ConsentEvents.MEMBER_ID, memberId,
          ConsentEvents.CHANNEL, channel, ConsentEvents.OPTED_OUT, optedOut, ConsentEvents.EVENT_TIME, eventTime,
          ConsentEvents.SOURCE, source);
    }
  }

  record RecordRow(String recordId, String memberId, String recordType, Long createdAt, Long deletedAt,
      String contextId) implements TableRow {
    public InputTable table() {
      return InputTable.RECORDS;
    }

    public Object[] values() {
      return TableLayout.of(table()).row(Records.RECORD_ID, recordId, Records.MEMBER_ID, memberId,
          Records.RECORD_TYPE, recordType, Records.CREATED_AT, createdAt, Records.DELETED_AT, deletedAt,
          Records.CONTEXT_ID, contextId);
    }
  }

  record VisibilityRow(String recordId, String visibility, Long effectiveFrom) implements TableRow {
    public InputTable table() {
      return InputTable.RECORD_VISIBILITY;
    }

    public Object[] values() {
      return TableLayout.of(table()).row(RecordVisibility.RECORD_ID, recordId, RecordVisibility.VISIBILITY,
          visibility, RecordVisibility.EFFECTIVE_FROM, effectiveFrom);
    }
  }

  /** Serializable: the shared contexts' flags travel with the simulation to every task. */
  record SensitiveContextRow(String contextId, String category, Boolean flagged, Long effectiveFrom)
      implements TableRow, java.io.Serializable {
    public InputTable table() {
      return InputTable.SENSITIVE_CONTEXTS;
    }

    public Object[] values() {
      return TableLayout.of(table()).row(SensitiveContexts.CONTEXT_ID, contextId, SensitiveContexts.CATEGORY, category,
          SensitiveContexts.FLAGGED, flagged, SensitiveContexts.EFFECTIVE_FROM, effectiveFrom);
    }
  }

  record TrainingRow(String snapshotId, Long capturedAt, String purpose, String recipient, String recordId,
      String memberId) implements TableRow {
    public InputTable table() {
      return InputTable.TRAINING_SNAPSHOTS;
    }

    public Object[] values() {
      return TableLayout.of(table()).row(TrainingSnapshots.SNAPSHOT_ID, snapshotId, TrainingSnapshots.CAPTURED_AT,
          capturedAt, TrainingSnapshots.PURPOSE, purpose, TrainingSnapshots.RECIPIENT, recipient,
          TrainingSnapshots.RECORD_ID, recordId, TrainingSnapshots.MEMBER_ID, memberId);
    }
  }

  /** One row of the ground truth. */
  record Finding(RuleId rule, String snapshotId, String recordId) {
    Object[] values() {
      return TableLayout.GROUND_TRUTH.row(Findings.RULE_ID, rule.name(), Findings.SEVERITY, rule.severity().value(),
          Findings.SNAPSHOT_ID, snapshotId, Findings.RECORD_ID, recordId);
    }
  }

  final String memberId;
  /** The case this member was simulated for, or null for an ordinary member. */
  final PlantedCase plantedCase;
  /** The member's row in {@code members}, or null when it is absent from that table. */
  MemberRow member;
  final List<RegionRow> regions = new ArrayList<>();
  final List<ConsentRow> consent = new ArrayList<>();
  final List<RecordRow> records = new ArrayList<>();
  final List<VisibilityRow> visibility = new ArrayList<>();
  /** Flags of the contexts only this member posts in (planted cases); shared contexts are the plan's. */
  final List<SensitiveContextRow> contexts = new ArrayList<>();
  /** The audited training rows: valid, one per (snapshot, record). */
  final List<TrainingRow> training = new ArrayList<>();
  /** Exact extra copies of audited training rows. */
  final List<TrainingRow> duplicates = new ArrayList<>();
  /**
   * Valid copies of audited training rows that differ from them (another recipient): each is
   * judged, and each counts as a duplicate of its row.
   */
  final List<TrainingRow> otherCopies = new ArrayList<>();
  /** Rows of any table that the auditor must quarantine. */
  final List<TableRow> invalid = new ArrayList<>();
  final Map<OptOutMode, List<Finding>> findings = new EnumMap<>(OptOutMode.class);

  private Map<String, RecordRow> recordsById;
  private Map<String, List<VisibilityRow>> visibilityByRecord;

  MemberHistory(String memberId, PlantedCase plantedCase) {
    this.memberId = memberId;
    this.plantedCase = plantedCase;
    for (OptOutMode mode : OptOutMode.values()) {
      findings.put(mode, new ArrayList<>());
    }
  }

  /** The member's valid record with this id, or null when {@code records} does not hold it. */
  RecordRow record(String recordId) {
    if (recordsById == null) {
      recordsById = new HashMap<>();
      records.forEach(r -> recordsById.put(r.recordId(), r));
    }
    return recordsById.get(recordId);
  }

  List<VisibilityRow> visibilityOf(String recordId) {
    if (visibilityByRecord == null) {
      visibilityByRecord = new HashMap<>();
      visibility.forEach(v -> visibilityByRecord.computeIfAbsent(v.recordId(), k -> new ArrayList<>()).add(v));
    }
    return visibilityByRecord.getOrDefault(recordId, List.of());
  }

  /** Every row this member contributes to a table, valid and invalid, as raw values. */
  List<Object[]> rowsOf(InputTable table) {
    List<Object[]> rows = new ArrayList<>();
    validRows(table).forEach(r -> rows.add(r.values()));
    if (table == InputTable.TRAINING_SNAPSHOTS) {
      duplicates.forEach(r -> rows.add(r.values()));
      otherCopies.forEach(r -> rows.add(r.values()));
    }
    invalidRows(table).forEach(r -> rows.add(r.values()));
    return rows;
  }

  /** How many rows {@link #rowsOf} gives. */
  int rowCount(InputTable table) {
    return validRows(table).size() + (table == InputTable.TRAINING_SNAPSHOTS ? duplicateCount() : 0)
        + invalidRows(table).size();
  }

  private List<? extends TableRow> validRows(InputTable table) {
    return switch (table) {
      case TRAINING_SNAPSHOTS -> training;
      case RECORDS -> records;
      case RECORD_VISIBILITY -> visibility;
      case CONSENT_EVENTS -> consent;
      case MEMBERS -> member == null ? List.of() : List.of(member);
      case MEMBER_REGIONS -> regions;
      case SENSITIVE_CONTEXTS -> contexts;
      case MODEL_TRAININGS -> List.of();
    };
  }

  /** The training rows written beyond the audited ones: exact and differing copies. */
  int duplicateCount() {
    return duplicates.size() + otherCopies.size();
  }

  List<TableRow> invalidRows(InputTable table) {
    return invalid.stream().filter(r -> r.table() == table).toList();
  }

  List<Object[]> groundTruthRows(OptOutMode mode) {
    return findings.get(mode).stream().map(Finding::values).toList();
  }
}
