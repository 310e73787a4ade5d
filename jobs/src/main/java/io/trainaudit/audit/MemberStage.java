package io.trainaudit.audit;

import static io.trainaudit.audit.StageRows.ByMember.I_CATEGORIES;
import static io.trainaudit.audit.StageRows.ByMember.I_CODE;
import static io.trainaudit.audit.StageRows.ByMember.I_CONTEXT;
import static io.trainaudit.audit.StageRows.ByMember.I_COPIES;
import static io.trainaudit.audit.StageRows.ByMember.I_DAY;
import static io.trainaudit.audit.StageRows.ByMember.I_DISTINCT_COPIES;
import static io.trainaudit.audit.StageRows.ByMember.I_FLAG;
import static io.trainaudit.audit.StageRows.ByMember.I_ID;
import static io.trainaudit.audit.StageRows.ByMember.I_KEY;
import static io.trainaudit.audit.StageRows.ByMember.I_MEMBER;
import static io.trainaudit.audit.StageRows.ByMember.I_Q_JSON;
import static io.trainaudit.audit.StageRows.ByMember.I_Q_REASON;
import static io.trainaudit.audit.StageRows.ByMember.I_Q_TABLE;
import static io.trainaudit.audit.StageRows.ByMember.I_RANK;
import static io.trainaudit.audit.StageRows.ByMember.I_RECIPIENT;
import static io.trainaudit.audit.StageRows.ByMember.I_RECORD_MEMBER;
import static io.trainaudit.audit.StageRows.ByMember.I_SNAPSHOT;
import static io.trainaudit.audit.StageRows.ByMember.I_SNAPSHOT_MEMBER;
import static io.trainaudit.audit.StageRows.ByMember.I_T1;
import static io.trainaudit.audit.StageRows.ByMember.I_T2;
import static io.trainaudit.audit.StageRows.ByMember.I_T3;
import static io.trainaudit.audit.StageRows.ByMember.I_T4;
import static io.trainaudit.audit.StageRows.ByMember.I_T5;
import static io.trainaudit.audit.StageRows.ByMember.I_TAG;
import static io.trainaudit.audit.StageRows.ByMember.I_TEXT;
import static io.trainaudit.audit.StageRows.ByMember.I_VISIBILITY;

import io.trainaudit.audit.StageRows.ByMember;
import io.trainaudit.audit.StageRows.Out;
import io.trainaudit.rules.AuditFacts;
import io.trainaudit.rules.CompiledPolicy;
import io.trainaudit.rules.Rule;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.Vocabulary;
import io.trainaudit.timeline.Timeline;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The second stage of the rules pass, by member: the training copies the record stage attributed
 * to one member, with the member's row, consent history and region history, at once. It builds
 * the member's opt-out runs and region intervals, evaluates every enabled rule on each copy as of
 * its capture, and emits the findings; it also tallies, per snapshot, what it audited, so that
 * the coverage proof counts exactly the rows the rules saw.
 */
final class MemberStage extends GroupedStage {
  private static final long serialVersionUID = 1L;

  private final List<Rule> rules;
  private final CompiledPolicy policy;
  private final boolean markDuplicateKeys;
  private final Codes purposes = Codes.purposes();
  private final Codes visibilities = Codes.visibilities();
  private final int settingChannel = Codes.channels().code(Vocabulary.CHANNEL_GENERATIVE_AI_SETTING);
  private final int objectionGenerativeChannel = Codes.channels().code(Vocabulary.CHANNEL_OBJECTION_GENERATIVE);
  private final int objectionNonGenerativeChannel = Codes.channels().code(Vocabulary.CHANNEL_OBJECTION_NON_GENERATIVE);
  /** Per snapshot id: rows audited, valid rows they stand for, rows whose copies differ. */
  private transient Map<String, long[]> tallies;
  private transient FindingIds ids;

  MemberStage(List<Rule> rules, CompiledPolicy policy, boolean markDuplicateKeys) {
    this.rules = List.copyOf(rules);
    this.policy = policy;
    this.markDuplicateKeys = markDuplicateKeys;
  }

  @Override
  GroupedStage forPartition() {
    MemberStage stage = new MemberStage(rules, policy, markDuplicateKeys);
    stage.tallies = new TreeMap<>();
    stage.ids = new FindingIds();
    return stage;
  }

  @Override
  int keyIndex() {
    return I_KEY;
  }

  /** What one member's rows have told so far: its history, then, once built, its timelines. */
  private static final class Member {
    final List<Row> rows = new ArrayList<>();
    int copiesOfId;
    final Map<Integer, List<Timeline.Change<Boolean>>> consent = new HashMap<>();
    final List<Timeline.Change<String>> regions = new ArrayList<>();
    Row row;
    Map<Integer, Timeline<Boolean>> optedOut;
    Timeline<String> region;
    /** Findings of rows whose copies differ: the first copy that yields each is kept until the group ends. */
    final Map<String, Row> firstCopies = new LinkedHashMap<>();
  }

  /** The members of the current group, by id: more than one only when their ids' hashes collide. */
  private transient Map<String, Member> group;

  @Override
  void row(Row row, List<Row> out) {
    int tag = row.getInt(I_TAG);
    switch (tag) {
      case ByMember.QUARANTINED -> out.add(quarantined(row));
      case ByMember.DUPLICATE_KEY -> out.add(duplicateKey(row.getString(I_Q_TABLE), row.getString(I_ID),
          row.getLong(I_COPIES)));
      default -> {
        if (group == null) {
          group = new LinkedHashMap<>();
        }
        String memberId = row.getString(I_MEMBER);
        Member member = group.computeIfAbsent(memberId, m -> new Member());
        switch (tag) {
          case ByMember.MEMBER_ROW -> {
            member.rows.add(row);
            member.copiesOfId++;
          }
          case ByMember.INVALID_MEMBER -> {
            member.copiesOfId++;
            if (!row.isNullAt(I_Q_JSON)) {
              out.add(quarantined(row));
            }
          }
          case ByMember.CONSENT -> member.consent.computeIfAbsent(row.getInt(I_CODE), c -> new ArrayList<>())
              .add(new Timeline.Change<>(row.getLong(I_T1), row.getBoolean(I_FLAG)));
          case ByMember.REGION -> member.regions.add(new Timeline.Change<>(row.getLong(I_T1), row.getString(I_TEXT)));
          case ByMember.AUDITED -> audited(memberId, member, row, out);
          default -> throw new IllegalStateException("unexpected row of the member stage: " + row);
        }
      }
    }
  }

  /** A training copy judged against every enabled rule, the member's history complete (it sorts first). */
  private void audited(String memberId, Member member, Row row, List<Row> out) {
    if (member.optedOut == null) {
      member.row = member.copiesOfId == 1 && member.rows.size() == 1 ? member.rows.get(0) : null;
      member.optedOut = new HashMap<>();
      member.consent.forEach((channel, changes) -> member.optedOut.put(channel, Timeline.of(changes, Boolean::logicalOr)));
      member.region = Timeline.of(member.regions, this::winsTie);
    }
    tally(row);
    AuditFacts facts = facts(memberId, row, member.row, member.optedOut, member.region);
    boolean differing = row.getInt(I_DISTINCT_COPIES) > 1;
    for (Rule rule : rules) {
      if (rule.finds(facts, policy)) {
        String id = ids.of(rule.id().name(), facts.snapshotId(), facts.recordId());
        if (!differing) {
          out.add(finding(id, rule, facts, row));
        } else {
          Row kept = member.firstCopies.get(id);
          if (kept == null || kept.getInt(Out.I_RANK) > row.getInt(I_RANK)) {
            member.firstCopies.put(id, finding(id, rule, facts, row));
          }
        }
      }
    }
  }

  @Override
  void endGroup(List<Row> out) {
    if (group == null) {
      return;
    }
    group.forEach((memberId, member) -> {
      if (member.copiesOfId > 1 && !member.rows.isEmpty() && markDuplicateKeys) {
        out.add(duplicateKey(InputTable.MEMBERS.tableName(), memberId, member.copiesOfId));
      }
      out.addAll(member.firstCopies.values());
    });
    group = null;
  }

  private AuditFacts facts(String memberId, Row row, Row member, Map<Integer, Timeline<Boolean>> optedOut,
      Timeline<String> region) {
    long capturedAt = row.getLong(I_T1);
    boolean known = !row.isNullAt(I_RECORD_MEMBER);
    Timeline.State<String> country = region.at(capturedAt);
    boolean hasVisibility = !row.isNullAt(I_VISIBILITY);
    return new AuditFacts(
        row.getString(I_SNAPSHOT),
        capturedAt,
        purposes.decode(row.getInt(I_CODE)),
        row.getString(I_RECIPIENT),
        row.getString(I_ID),
        memberId,
        row.getString(I_SNAPSHOT_MEMBER),
        known ? row.getString(I_RECORD_MEMBER) : null,
        known,
        known ? row.getString(I_TEXT) : null,
        row.getLong(I_T2),
        row.isNullAt(I_T3) ? null : row.getLong(I_T3),
        member != null,
        member == null || member.isNullAt(I_DAY) ? null : LocalDate.ofEpochDay(member.getInt(I_DAY)),
        member == null || member.isNullAt(I_T1) ? null : member.getLong(I_T1),
        hasVisibility ? visibilities.decode(row.getInt(I_VISIBILITY)) : null,
        hasVisibility ? row.getLong(I_T4) : null,
        row.getString(I_CONTEXT),
        row.isNullAt(I_CATEGORIES) ? null : row.<String>getList(I_CATEGORIES),
        row.isNullAt(I_T5) ? null : row.getLong(I_T5),
        country == null ? null : country.value(),
        country == null ? null : policy.groupOf(country.value()),
        country == null ? null : country.since(),
        optedOutSince(optedOut, settingChannel, capturedAt),
        optedOutSince(optedOut, objectionGenerativeChannel, capturedAt),
        optedOutSince(optedOut, objectionNonGenerativeChannel, capturedAt));
  }

  /** When the opt-out on a channel in force at an instant began, or null when none is. */
  private static Long optedOutSince(Map<Integer, Timeline<Boolean>> optedOut, int channel, long at) {
    Timeline<Boolean> history = optedOut.get(channel);
    Timeline.State<Boolean> state = history == null ? null : history.at(at);
    return state != null && state.value() ? state.since() : null;
  }

  /** Of two countries at one instant: a protected group's country, else the smaller code. */
  private String winsTie(String a, String b) {
    boolean aProtected = policy.isProtected(policy.groupOf(a));
    if (aProtected != policy.isProtected(policy.groupOf(b))) {
      return aProtected ? a : b;
    }
    return a.compareTo(b) <= 0 ? a : b;
  }

  private void tally(Row row) {
    long[] counts = tallies.computeIfAbsent(row.getString(I_SNAPSHOT), s -> new long[3]);
    int rank = row.getInt(I_RANK);
    counts[0] += rank == 0 ? 1 : 0;
    counts[1] += row.getLong(I_COPIES);
    counts[2] += rank == 1 ? 1 : 0;
  }

  @Override
  void end(List<Row> out) {
    tallies.forEach((snapshot, counts) -> {
      Object[] v = new Object[Out.SCHEMA.length()];
      v[Out.I_TAG] = Out.TALLY;
      v[Out.I_SNAPSHOT_ID] = snapshot;
      v[Out.I_AUDITED] = counts[0];
      v[Out.I_VALID_ROWS] = counts[1];
      v[Out.I_DIFFERING] = counts[2];
      out.add(RowFactory.create(v));
    });
  }

  private Row finding(String id, Rule rule, AuditFacts facts, Row row) {
    Object[] v = new Object[Out.SCHEMA.length()];
    v[Out.I_TAG] = Out.FINDING;
    v[Out.I_FINDING_ID] = id;
    v[Out.I_RULE_ID] = rule.id().name();
    v[Out.I_SEVERITY] = rule.severity().value();
    v[Out.I_SNAPSHOT_ID] = facts.snapshotId();
    v[Out.I_CAPTURED_MICROS] = facts.capturedAt();
    v[Out.I_PURPOSE] = facts.purpose();
    v[Out.I_RECIPIENT] = facts.recipient();
    v[Out.I_RECORD_ID] = facts.recordId();
    v[Out.I_MEMBER_ID] = facts.memberId();
    v[Out.I_REGION_GROUP] = facts.regionGroup();
    v[Out.I_EVIDENCE] = rule.evidence(facts, policy).json();
    v[Out.I_RANK] = row.getInt(I_RANK);
    v[Out.I_DISTINCT_COPIES] = row.getInt(I_DISTINCT_COPIES);
    return RowFactory.create(v);
  }

  private static Row quarantined(Row row) {
    Object[] v = new Object[Out.SCHEMA.length()];
    v[Out.I_TAG] = Out.QUARANTINED;
    v[Out.I_Q_TABLE] = row.getString(I_Q_TABLE);
    v[Out.I_Q_REASON] = row.getString(I_Q_REASON);
    v[Out.I_Q_JSON] = row.getString(I_Q_JSON);
    return RowFactory.create(v);
  }

  private static Row duplicateKey(String table, String key, long copies) {
    Object[] v = new Object[Out.SCHEMA.length()];
    v[Out.I_TAG] = Out.DUPLICATE_KEY;
    v[Out.I_Q_TABLE] = table;
    v[Out.I_KEY_VALUE] = key;
    v[Out.I_AUDITED] = copies;
    return RowFactory.create(v);
  }
}
