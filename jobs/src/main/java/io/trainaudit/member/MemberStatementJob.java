package io.trainaudit.member;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.Errors;
import io.trainaudit.audit.AuditInputs;
import io.trainaudit.audit.ModelImpactJob;
import io.trainaudit.audit.Progress;
import io.trainaudit.audit.RunRecord;
import io.trainaudit.audit.RunStore;
import io.trainaudit.config.AuditConfig;
import io.trainaudit.evidence.Pseudonymiser;
import io.trainaudit.lineage.ModelVersion;
import io.trainaudit.member.MemberStatement.ConsentEvent;
import io.trainaudit.member.MemberStatement.FindingFact;
import io.trainaudit.member.MemberStatement.ModelUse;
import io.trainaudit.member.MemberStatement.UsedRow;
import io.trainaudit.report.FindingWords;
import io.trainaudit.rules.Policy;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.ConsentEvents;
import io.trainaudit.tables.DeltaTables;
import io.trainaudit.tables.Findings;
import io.trainaudit.tables.InputTable;
import io.trainaudit.tables.MemberRegions;
import io.trainaudit.tables.Members;
import io.trainaudit.tables.Records;
import io.trainaudit.tables.TrainingSnapshots;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Answers one member: which of their records trained what, and whether any broke a promise. Reads
 * only that member's rows: every scan is filtered on the member's id, or on the ids of the member's
 * records, before anything else, so Delta skips the files whose statistics rule them out and no
 * table is shuffled; the few rows left are assembled on the driver. The findings quoted are the
 * open findings of the findings table as the latest succeeded run left them.
 */
public final class MemberStatementJob {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> OPT_OUT_RULES =
      Set.of(RuleId.OPT_OUT_GENERATIVE.name(), RuleId.OBJECTION_NON_GENERATIVE.name());

  private final SparkSession spark;
  private final AuditConfig config;
  private final Policy policy;

  public MemberStatementJob(SparkSession spark, AuditConfig config) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.config = Objects.requireNonNull(config, "config");
    this.policy = config.policy();
  }

  /**
   * The member whose pseudonym, under the key of {@code keyFile}, is {@code pseudonym}, among the
   * members of open findings (the rows an export's findings.csv lists); refused when none is.
   */
  public String memberOfPseudonym(String pseudonym, java.nio.file.Path keyFile) {
    String hex = Pseudonymiser.fromFile(keyFile).keyHex();
    String wanted = pseudonym.strip().toLowerCase(java.util.Locale.ROOT);
    // One narrow scan of the findings' member ids; only the matching ids reach the driver.
    FilterFunction<String> matches = id -> new Pseudonymiser(java.util.HexFormat.of().parseHex(hex)).member(id)
        .equals(wanted);
    List<String> found = findings().where(col(Findings.MEMBER_ID).isNotNull()).select(col(Findings.MEMBER_ID))
        .as(Encoders.STRING()).filter(matches).limit(1000).collectAsList().stream().distinct().toList();
    if (found.isEmpty()) {
      throw Errors.pseudonymUnknown(pseudonym, config.output().findings().display(), keyFile);
    }
    return found.get(0);
  }

  public MemberStatement statement(String memberId, String askedAs) {
    Objects.requireNonNull(memberId, "memberId");
    Progress progress = new Progress("member statement");
    RunRecord run = new RunStore(spark, config.output().auditRuns()).lastSucceeded().orElseThrow(() ->
        Errors.noSucceededRun(memberId, config.output().auditRuns().display()));
    AuditInputs inputs = AuditInputs.open(spark, config);
    progress.phase("inputs opened", "versions " + inputs.versionsByName());
    Column isMember = col(Members.MEMBER_ID).equalTo(lit(memberId));

    List<Row> member = valid(inputs, InputTable.MEMBERS, isMember);
    List<Row> consent = valid(inputs, InputTable.CONSENT_EVENTS, isMember);
    List<Row> regions = valid(inputs, InputTable.MEMBER_REGIONS, isMember);
    progress.phase("member, consent, regions",
        member.size() + " + " + consent.size() + " + " + regions.size() + " rows");
    List<String> ownedIds = inputs.unvalidated(InputTable.RECORDS).where(isMember).select(Records.RECORD_ID)
        .as(Encoders.STRING()).collectAsList();
    // Validated on every row of those ids, so that a duplicate record_id is judged as the audit judges it.
    Map<String, Row> records = new HashMap<>();
    for (Row r : valid(inputs, InputTable.RECORDS, col(Records.RECORD_ID).isin(ownedIds.toArray()))) {
      if (memberId.equals(r.getAs(Records.MEMBER_ID))) {
        records.put(r.getAs(Records.RECORD_ID), r);
      }
    }
    Column mine = col(TrainingSnapshots.MEMBER_ID).equalTo(lit(memberId))
        .or(col(TrainingSnapshots.RECORD_ID).isin(records.keySet().toArray()));
    List<Row> training = valid(inputs, InputTable.TRAINING_SNAPSHOTS, mine);
    // A row naming the member with a record of someone else is that owner's (MEMBER_MISMATCH), not theirs.
    List<String> named = training.stream().map(t -> t.<String>getAs(TrainingSnapshots.RECORD_ID))
        .filter(id -> !records.containsKey(id)).distinct().toList();
    Set<String> ownedElsewhere = named.isEmpty() ? Set.of() : Set.copyOf(inputs.unvalidated(InputTable.RECORDS)
        .where(col(Records.RECORD_ID).isin(named.toArray())).select(Records.RECORD_ID).as(Encoders.STRING())
        .collectAsList());
    progress.phase("records and training rows", records.size() + " records, " + training.size() + " training rows");
    List<Row> findings = findings().where(col(Findings.MEMBER_ID).equalTo(lit(memberId))).collectAsList();
    progress.phase("findings", findings.size() + " open");

    if (member.isEmpty() && consent.isEmpty() && regions.isEmpty() && records.isEmpty() && training.isEmpty()
        && findings.isEmpty()) {
      throw Errors.memberUnknown(memberId, InputTable.MEMBERS.tableName() + ", " + InputTable.CONSENT_EVENTS.tableName() + ", "
          + InputTable.MEMBER_REGIONS.tableName() + ", " + InputTable.RECORDS.tableName() + " or "
          + InputTable.TRAINING_SNAPSHOTS.tableName()
          + (config.source() == null ? "" : " (as configured in " + config.source() + ")"));
    }

    List<ModelVersion> versions = List.of();
    boolean lineage = inputs.has(InputTable.MODEL_TRAININGS);
    if (lineage) {
      // Without the check against the training table's snapshot ids (a full column scan): a row of an
      // unknown snapshot simply matches none of the member's rows.
      versions = ModelImpactJob.versions(
          ModelImpactJob.lineage(spark, inputs.narrowed(InputTable.MODEL_TRAININGS, t -> t).valid()));
    }
    progress.phase("model lineage", lineage ? versions.size() + " model versions" : "not configured");
    LocalDate birthDate = member.isEmpty() ? null : localDate(member.get(0).getAs(Members.BIRTH_DATE));
    Instant closedAt = member.isEmpty() ? null : instant(member.get(0).getAs(Members.CLOSED_AT));

    Map<String, List<FindingFact>> factsByRow = new HashMap<>();
    Map<String, String> optedOutSince = new TreeMap<>();
    findings.stream()
        .sorted(Comparator.comparing((Row f) -> f.<String>getAs(Findings.RULE_ID)))
        .forEach(f -> {
          String key = f.<String>getAs(Findings.SNAPSHOT_ID) + "\u0000" + f.<String>getAs(Findings.RECORD_ID);
          factsByRow.computeIfAbsent(key, k -> new ArrayList<>()).add(new FindingFact(f.getAs(Findings.RULE_ID),
              f.getAs(Findings.SEVERITY), FindingWords.of(f.getAs(Findings.RULE_ID), f.getAs(Findings.EVIDENCE))));
          if (OPT_OUT_RULES.contains(f.<String>getAs(Findings.RULE_ID))) {
            since(f.getAs(Findings.EVIDENCE)).ifPresent(day -> optedOutSince.put(day, day));
          }
        });

    List<UsedRow> rows =
        usedRows(memberId, training, records, ownedElsewhere, regions, birthDate, versions, factsByRow);
    List<ModelUse> models = models(rows, versions);
    Map<String, Long> inputVersions = inputs.versionsByName();
    String answer = Answer.of(rows, models, lineage, optedOutSince.isEmpty() ? null : optedOutSince.keySet()
        .iterator().next(), policy.minimumAge());
    return new MemberStatement(memberId, askedAs, answer, run.runId(), inputVersions, birthDate,
        closedAt, consent(consent), rows, models, lineage);
  }

  /** The training rows of the member, one per (snapshot, record), from the first copy by capture. */
  private List<UsedRow> usedRows(String memberId, List<Row> training, Map<String, Row> records,
      Set<String> ownedElsewhere, List<Row> regions, LocalDate birthDate, List<ModelVersion> versions,
      Map<String, List<FindingFact>> facts) {
    Map<String, Row> firstCopy = new TreeMap<>();
    training.stream()
        .filter(t -> records.containsKey(t.<String>getAs(TrainingSnapshots.RECORD_ID))
            || (memberId.equals(t.getAs(TrainingSnapshots.MEMBER_ID))
                && !ownedElsewhere.contains(t.<String>getAs(TrainingSnapshots.RECORD_ID))))
        .sorted(Comparator.comparing((Row t) -> instant(t.getAs(TrainingSnapshots.CAPTURED_AT)))
            .thenComparing(t -> t.<String>getAs(TrainingSnapshots.PURPOSE))
            .thenComparing(t -> t.<String>getAs(TrainingSnapshots.RECIPIENT))
            .thenComparing(t -> t.<String>getAs(TrainingSnapshots.MEMBER_ID)))
        .forEach(t -> firstCopy.putIfAbsent(t.<String>getAs(TrainingSnapshots.SNAPSHOT_ID) + "\u0000"
            + t.<String>getAs(TrainingSnapshots.RECORD_ID), t));
    List<UsedRow> rows = new ArrayList<>();
    for (Map.Entry<String, Row> e : firstCopy.entrySet()) {
      Row t = e.getValue();
      Instant captured = instant(t.getAs(TrainingSnapshots.CAPTURED_AT));
      String snapshot = t.getAs(TrainingSnapshots.SNAPSHOT_ID);
      Row record = records.get(t.<String>getAs(TrainingSnapshots.RECORD_ID));
      String country = countryAt(regions, captured);
      List<String> trained = versions.stream().filter(v -> v.snapshotIds().contains(snapshot))
          .map(ModelVersion::name).toList();
      rows.add(new UsedRow(snapshot, captured, t.getAs(TrainingSnapshots.PURPOSE), t.getAs(TrainingSnapshots.RECIPIENT),
          t.getAs(TrainingSnapshots.RECORD_ID), record == null ? null : record.getAs(Records.RECORD_TYPE),
          birthDate == null ? null
              : Period.between(birthDate, captured.atZone(ZoneOffset.UTC).toLocalDate()).getYears(),
          country, country == null ? null : policy.groupOf(country), facts.getOrDefault(e.getKey(), List.of()),
          trained));
    }
    rows.sort(Comparator.comparing(UsedRow::capturedAt).thenComparing(UsedRow::snapshotId)
        .thenComparing(UsedRow::recordId));
    return rows;
  }

  private static List<ModelUse> models(List<UsedRow> rows, List<ModelVersion> versions) {
    List<ModelUse> models = new ArrayList<>();
    for (ModelVersion v : versions) {
      Set<String> records = new TreeSet<>();
      Set<String> breaking = new TreeSet<>();
      for (UsedRow row : rows) {
        if (row.modelVersions().contains(v.name())) {
          records.add(row.recordId());
          if (row.violates()) {
            breaking.add(row.recordId());
          }
        }
      }
      if (!records.isEmpty()) {
        models.add(new ModelUse(v.name(), v.trainedAt(), v.releasedAt(), records.size(), breaking.size()));
      }
    }
    return models;
  }

  /** The member's country at {@code t}: the latest row in force; on a tie a protected group's, else the smallest. */
  private String countryAt(List<Row> regions, Instant t) {
    Instant latest = null;
    List<String> candidates = new ArrayList<>();
    for (Row r : regions) {
      Instant from = instant(r.getAs(MemberRegions.EFFECTIVE_FROM));
      if (from.isAfter(t)) {
        continue;
      }
      if (latest == null || from.isAfter(latest)) {
        latest = from;
        candidates.clear();
      }
      if (from.equals(latest)) {
        candidates.add(r.getAs(MemberRegions.COUNTRY_CODE));
      }
    }
    return candidates.stream()
        .min(Comparator.comparing((String c) -> !policy.isProtected(policy.groupOf(c))).thenComparing(c -> c))
        .orElse(null);
  }

  private static Map<String, List<ConsentEvent>> consent(List<Row> events) {
    Map<String, List<ConsentEvent>> byChannel = new TreeMap<>();
    events.stream()
        .sorted(Comparator.comparing((Row e) -> instant(e.getAs(ConsentEvents.EVENT_TIME)))
            .thenComparing(e -> e.<String>getAs(ConsentEvents.EVENT_ID)))
        .forEach(e -> byChannel.computeIfAbsent(e.getAs(ConsentEvents.CHANNEL), k -> new ArrayList<>())
            .add(new ConsentEvent(instant(e.getAs(ConsentEvents.EVENT_TIME)), e.<Boolean>getAs(ConsentEvents.OPTED_OUT),
                e.getAs(ConsentEvents.SOURCE))));
    return byChannel;
  }

  /** The valid rows of a table among those meeting {@code filter}, which Delta applies to the scan. */
  private static List<Row> valid(AuditInputs inputs, InputTable table, Column filter) {
    return inputs.narrowed(table, raw -> raw.where(filter)).valid().collectAsList();
  }

  /** The open findings as the findings table holds them now. */
  private Dataset<Row> findings() {
    if (!DeltaTables.exists(spark, config.output().findings())) {
      return spark.createDataFrame(List.of(), io.trainaudit.audit.FindingsStore.SCHEMA);
    }
    return DeltaTables.read(spark, config.output().findings())
        .where(col(Findings.STATUS).equalTo(lit(Findings.STATUS_OPEN)));
  }

  private static java.util.Optional<String> since(String evidence) {
    try {
      JsonNode e = JSON.readTree(evidence == null ? "{}" : evidence);
      String since = e.path("opted_out_since").asText("");
      return since.length() >= 10 ? java.util.Optional.of(since.substring(0, 10)) : java.util.Optional.empty();
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      return java.util.Optional.empty();
    }
  }

  static Instant instant(Object value) {
    return value == null ? null : value instanceof Timestamp t ? t.toInstant() : (Instant) value;
  }

  private static LocalDate localDate(Object value) {
    return value == null ? null : value instanceof Date d ? d.toLocalDate() : (LocalDate) value;
  }
}
