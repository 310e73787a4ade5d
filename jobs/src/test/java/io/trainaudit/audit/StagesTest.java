package io.trainaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trainaudit.audit.StageRows.ByContext;
import io.trainaudit.audit.StageRows.ByMember;
import io.trainaudit.audit.StageRows.ByRecord;
import io.trainaudit.audit.StageRows.Out;
import io.trainaudit.config.ConfigLoader;
import io.trainaudit.rules.CompiledPolicy;
import io.trainaudit.rules.RuleRegistry;
import io.trainaudit.spark.Seqs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The three stages of the rules pass on a few rows each, as Spark hands them a sorted partition,
 * without Spark: which rows a group gives, with which facts. Keys here are small numbers (a
 * group's number in the upper bits, the row's tag in the lower four), as the stages read only
 * that order.
 */
class StagesTest {
  private static final Codes PURPOSES = Codes.purposes();
  private static final Codes VISIBILITIES = Codes.visibilities();
  private static final Codes CHANNELS = Codes.channels();

  @Test
  void theContextStageHandsEachRecordOfAFlaggedContextItsPeriods() {
    List<Row> out = run(new ContextStage(), List.of(
        context(1, ByContext.FLAG_ROW, "g1", null, "health", true, "2025-01-01T00:00:00Z"),
        context(1, ByContext.FLAG_ROW, "g1", null, "health", false, "2025-03-01T00:00:00Z"),
        context(1, ByContext.RECORD_IN_CONTEXT, "g1", "r1", null, null, null),
        context(1, ByContext.RECORD_IN_CONTEXT, "g1", "r2", null, null, null),
        // a context whose flags are all lifted gives nothing
        context(2, ByContext.FLAG_ROW, "g2", null, "health", false, "2025-01-01T00:00:00Z"),
        context(2, ByContext.RECORD_IN_CONTEXT, "g2", "r3", null, null, null)));
    assertEquals(List.of(
        "r1 2025-01-01T00:00:00Z [health]", "r1 2025-03-01T00:00:00Z []",
        "r2 2025-01-01T00:00:00Z [health]", "r2 2025-03-01T00:00:00Z []"),
        out.stream().map(r -> {
          assertEquals(ByRecord.CONTEXT_PERIOD, r.getInt(ByRecord.I_TAG));
          return r.getString(ByRecord.I_ID) + " " + instant(r.getLong(ByRecord.I_T1)) + " "
              + emitted(r, ByRecord.I_CATEGORIES);
        }).toList());
  }

  @Test
  void theRecordStageJoinsEachDistinctCopyWithItsRecordsFactsAtCapture() {
    List<Row> out = run(new RecordStage(true), List.of(
        record(1, ByRecord.RECORD, Map.of(ByRecord.I_ID, "r1", ByRecord.I_MEMBER, "m1",
            ByRecord.I_T1, micros("2025-01-01T00:00:00Z"), ByRecord.I_TEXT, "post", ByRecord.I_CONTEXT, "g1")),
        record(1, ByRecord.VISIBILITY, Map.of(ByRecord.I_ID, "r1", ByRecord.I_T1, micros("2025-01-01T00:00:00Z"),
            ByRecord.I_CODE, VISIBILITIES.code("public"))),
        record(1, ByRecord.VISIBILITY, Map.of(ByRecord.I_ID, "r1", ByRecord.I_T1, micros("2025-06-01T00:00:00Z"),
            ByRecord.I_CODE, VISIBILITIES.code("private"))),
        record(1, ByRecord.CONTEXT_PERIOD, Map.of(ByRecord.I_ID, "r1", ByRecord.I_T1, micros("2025-02-01T00:00:00Z"),
            ByRecord.I_CATEGORIES, Seqs.of("health"))),
        training(1, "r1", "m1", "s1", "2025-03-01T00:00:00Z"),
        training(1, "r1", "m1", "s1", "2025-03-01T00:00:00Z"),
        training(1, "r1", "m1", "s2", "2025-07-01T00:00:00Z"),
        // r9: two records rows, so unknown; its training row is audited against the snapshot's member
        record(2, ByRecord.RECORD, Map.of(ByRecord.I_ID, "r9", ByRecord.I_MEMBER, "m2",
            ByRecord.I_T1, micros("2025-01-01T00:00:00Z"), ByRecord.I_TEXT, "post")),
        record(2, ByRecord.RECORD, Map.of(ByRecord.I_ID, "r9", ByRecord.I_MEMBER, "m3",
            ByRecord.I_T1, micros("2025-01-01T00:00:00Z"), ByRecord.I_TEXT, "post")),
        training(2, "r9", "m4", "s1", "2025-03-01T00:00:00Z")));
    assertEquals(List.of(
        "audited r1 s1 member=m1 copies=2 visibility=public since=2025-01-01T00:00:00Z context=g1 [health]",
        "audited r1 s2 member=m1 copies=1 visibility=private since=2025-06-01T00:00:00Z context=g1 [health]",
        "duplicate key records r9 2",
        "audited r9 s1 member=m4 copies=1 visibility=null since=null context=null null"),
        out.stream().map(StagesTest::describeAudited).toList());
  }

  @Test
  void theMemberStageJudgesEachCopyAsOfItsCaptureAndTalliesEachSnapshot() {
    CompiledPolicy policy = new CompiledPolicy(ConfigLoader.defaults(Path.of("/tmp")).policy());
    MemberStage stage = new MemberStage(RuleRegistry.all(), policy, true);
    List<Row> out = run(stage, List.of(
        member(1, ByMember.MEMBER_ROW, Map.of(ByMember.I_MEMBER, "m1", ByMember.I_DAY, 7305)),
        member(1, ByMember.CONSENT, Map.of(ByMember.I_MEMBER, "m1", ByMember.I_CODE,
            CHANNELS.code("generative_ai_setting"), ByMember.I_FLAG, true, ByMember.I_T1,
            micros("2025-05-01T00:00:00Z"))),
        member(1, ByMember.REGION, Map.of(ByMember.I_MEMBER, "m1", ByMember.I_TEXT, "US",
            ByMember.I_T1, micros("2020-01-01T00:00:00Z"))),
        audited(1, "m1", "r1", "s1", "2025-03-01T00:00:00Z"),
        audited(1, "m1", "r2", "s2", "2025-07-01T00:00:00Z")));
    List<String> findings = new ArrayList<>();
    List<String> tallies = new ArrayList<>();
    for (Row r : out) {
      if (r.getInt(Out.I_TAG) == Out.FINDING) {
        findings.add(r.getString(Out.I_RULE_ID) + " " + r.getString(Out.I_SNAPSHOT_ID) + " "
            + r.getString(Out.I_RECORD_ID) + " " + r.getString(Out.I_EVIDENCE));
      } else {
        tallies.add(r.getString(Out.I_SNAPSHOT_ID) + " audited=" + r.getLong(Out.I_AUDITED));
      }
    }
    assertEquals(List.of("OPT_OUT_GENERATIVE s2 r2 {\"generative_ai_setting_opted_out_since\":"
        + "\"2025-05-01T00:00:00.000Z\",\"objection_generative_opted_out_since\":null,"
        + "\"opted_out_since\":\"2025-05-01T00:00:00.000Z\",\"record_created_at\":\"2025-01-01T00:00:00.000Z\","
        + "\"opt_out_mode\":\"use_time\"}"), findings);
    assertEquals(List.of("s1 audited=1", "s2 audited=1"), tallies);
  }

  private static String describeAudited(Row r) {
    if (r.getInt(ByMember.I_TAG) == ByMember.DUPLICATE_KEY) {
      return "duplicate key " + r.getString(ByMember.I_Q_TABLE) + " " + r.getString(ByMember.I_ID) + " "
          + r.getLong(ByMember.I_COPIES);
    }
    return "audited " + r.getString(ByMember.I_ID) + " " + r.getString(ByMember.I_SNAPSHOT) + " member="
        + r.getString(ByMember.I_MEMBER) + " copies=" + r.getLong(ByMember.I_COPIES) + " visibility="
        + (r.isNullAt(ByMember.I_VISIBILITY) ? null : VISIBILITIES.decode(r.getInt(ByMember.I_VISIBILITY)))
        + " since=" + (r.isNullAt(ByMember.I_T4) ? null : instant(r.getLong(ByMember.I_T4))) + " context="
        + r.getString(ByMember.I_CONTEXT) + " "
        + (r.isNullAt(ByMember.I_CATEGORIES) ? null : emitted(r, ByMember.I_CATEGORIES));
  }

  /** An array a stage emits, as its encoder takes it: a Java array (Spark hands a stage a Scala Seq). */
  private static List<String> emitted(Row row, int index) {
    return List.of((String[]) row.get(index));
  }

  /** The stage over one partition, as Spark calls it. */
  private static List<Row> run(GroupedStage stage, List<Row> sorted) {
    List<Row> out = new ArrayList<>();
    stage.call(sorted.iterator()).forEachRemaining(out::add);
    return out;
  }

  private static Row context(int group, int tag, String context, String record, String category, Boolean flagged,
      String at) {
    Object[] v = new Object[ByContext.SCHEMA.length()];
    v[ByContext.I_KEY] = key(group, tag);
    v[ByContext.I_TAG] = tag;
    v[ByContext.I_CONTEXT] = context;
    v[ByContext.I_ID] = record;
    v[ByContext.I_TEXT] = category;
    v[ByContext.I_FLAG] = flagged;
    v[ByContext.I_T1] = at == null ? null : micros(at);
    return RowFactory.create(v);
  }

  private static Row record(int group, int tag, Map<Integer, Object> values) {
    return row(ByRecord.SCHEMA, ByRecord.I_KEY, ByRecord.I_TAG, group, tag, values);
  }

  private static Row training(int group, String record, String member, String snapshot, String capturedAt) {
    return record(group, ByRecord.TRAINING, Map.of(ByRecord.I_ID, record, ByRecord.I_MEMBER, member,
        ByRecord.I_T1, micros(capturedAt), ByRecord.I_CODE, PURPOSES.code("generative"),
        ByRecord.I_SNAPSHOT, snapshot, ByRecord.I_RECIPIENT, "internal"));
  }

  private static Row member(int group, int tag, Map<Integer, Object> values) {
    Object[] v = new Object[ByMember.SCHEMA.length() + 1];
    Row row = row(ByMember.SCHEMA, -1, ByMember.I_TAG, group, tag, values);
    for (int i = 0; i < row.length(); i++) {
      v[i] = row.get(i);
    }
    // The member stage reads its sort key after the last column.
    v[ByMember.I_KEY] = key(group, tag);
    return RowFactory.create(v);
  }

  /** A known record's copy of a generative, internal training row, as the record stage emits it. */
  private static Row audited(int group, String member, String record, String snapshot, String capturedAt) {
    Map<Integer, Object> values = new TreeMap<>();
    values.put(ByMember.I_MEMBER, member);
    values.put(ByMember.I_ID, record);
    values.put(ByMember.I_SNAPSHOT_MEMBER, member);
    values.put(ByMember.I_RECORD_MEMBER, member);
    values.put(ByMember.I_T1, micros(capturedAt));
    values.put(ByMember.I_T2, micros("2025-01-01T00:00:00Z"));
    values.put(ByMember.I_T4, micros("2025-01-01T00:00:00Z"));
    values.put(ByMember.I_CODE, PURPOSES.code("generative"));
    values.put(ByMember.I_SNAPSHOT, snapshot);
    values.put(ByMember.I_RECIPIENT, "internal");
    values.put(ByMember.I_VISIBILITY, VISIBILITIES.code("public"));
    values.put(ByMember.I_TEXT, "post");
    values.put(ByMember.I_COPIES, 1L);
    values.put(ByMember.I_RANK, 0);
    values.put(ByMember.I_DISTINCT_COPIES, 1);
    return member(group, ByMember.AUDITED, values);
  }

  private static Row row(StructType schema, int keyIndex, int tagIndex, int group, int tag,
      Map<Integer, Object> values) {
    Object[] v = new Object[schema.length()];
    if (keyIndex >= 0) {
      v[keyIndex] = key(group, tag);
    }
    v[tagIndex] = tag;
    values.forEach((i, value) -> v[i] = value);
    return RowFactory.create(v);
  }

  private static long key(int group, int tag) {
    return ((long) group << StageRows.TAG_BITS) | tag;
  }

  private static long micros(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
  }

  private static String instant(long micros) {
    return Instant.ofEpochSecond(micros / 1_000_000L).toString();
  }
}
