package io.trainaudit.generate;

import io.trainaudit.generate.MemberHistory.ConsentRow;
import io.trainaudit.generate.MemberHistory.Finding;
import io.trainaudit.generate.MemberHistory.MemberRow;
import io.trainaudit.generate.MemberHistory.RecordRow;
import io.trainaudit.generate.MemberHistory.RegionRow;
import io.trainaudit.generate.MemberHistory.TrainingRow;
import io.trainaudit.generate.MemberHistory.VisibilityRow;
import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.Policy;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.Vocabulary;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Simulates one member from its index alone: its randomness comes from the seed and the index,
 * so a member's rows do not depend on how Spark partitions the members, and every table written
 * from the simulation agrees with the others. A few members, evenly spread, hold a planted case
 * instead of an ordinary life.
 */
final class MemberSimulator implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long DAY = Times.DAY;
  private static final long HOUR = 3_600L;
  /** One copy of every planted case per this many members (at least one copy). */
  static final long MEMBERS_PER_PLANTED_COPY = 2_000;
  /** Share of rows breaking a promise that the simulated pipeline lets into training anyway. */
  private static final double LEAK_RATE = 0.15;

  private static final long UNTIL = Times.startOf(2026, 11, 30);
  private static final long RECORDS_FROM = Times.startOf(2020, 1, 1);
  private static final long CONSENT_FROM = Times.startOf(2023, 6, 1);
  private static final long CLOSURES_FROM = Times.startOf(2023, 1, 1);
  private static final long REGIONS_FROM = Times.startOf(2012, 1, 1);
  private static final long LATE_REGIONS_FROM = Times.startOf(2024, 6, 1);
  private static final long MOVES_FROM = Times.startOf(2023, 1, 1);
  private static final LocalDate AGE_REFERENCE = LocalDate.of(2025, 7, 1);

  /** Countries in no default region group; those the policy groups are left out. */
  private static final List<String> OTHER_COUNTRY_CANDIDATES =
      List.of("AR", "AU", "BR", "IN", "JP", "MX", "NG", "SG", "ZA");
  /** Record types that are always posted in a group; other content sometimes is. */
  private static final Set<String> GROUP_TYPES = Set.of("group_activity", "group_message");
  /** Record types whose content is private by nature: they start private. */
  private static final Set<String> PRIVATE_TYPES =
      Set.of("private_message", "login_credential", "payment", "salary", "job_application");
  private static final Map<String, Double> GROUP_WEIGHTS =
      Map.of("US", 30.0, "EU", 25.0, "UK", 8.0, "CA", 5.0, "EEA", 2.0, "CH", 2.0, "HK", 2.0);
  private static final double OTHER_GROUP_WEIGHT = 26.0;
  private static final double UNLISTED_GROUP_WEIGHT = 2.0;

  private final long seed;
  private final long members;
  private final int recordsPerMember;
  private final SnapshotPlan plan;
  private final ContextPlan contexts;
  private final ExpectedFindings rules;
  private final CasePlanter planter;
  private final long plantedMembers;
  private final long plantingStride;
  private final Map<String, List<String>> countriesByGroup = new HashMap<>();
  private final Weighted<String> regionGroups;
  private final Weighted<String> recordTypes = new Weighted<>(recordTypeWeights());
  private final Weighted<String> visibilities = new Weighted<>(ordered(
      "public", 55.0, "connections", 32.0, "private", 9.0, "hidden", 4.0));
  private final Weighted<String> settingSources = new Weighted<>(ordered("ui", 75.0, "api", 15.0, "migration", 10.0));

  MemberSimulator(GeneratorOptions options, SnapshotPlan plan, Policy policy) {
    this.seed = options.seed();
    this.members = options.members();
    this.recordsPerMember = options.recordsPerMember();
    this.plan = plan;
    this.contexts = ContextPlan.derive(options.seed(), policy);
    this.rules = new ExpectedFindings(policy, contexts);
    List<String> otherCountries =
        OTHER_COUNTRY_CANDIDATES.stream().filter(c -> rules.groupOf(c).equals(Vocabulary.REGION_GROUP_OTHER)).toList();
    if (otherCountries.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot generate: the policy's region groups leave none of " + OTHER_COUNTRY_CANDIDATES + " in group OTHER");
    }
    this.planter = new CasePlanter(plan, policy, members, otherCountries);
    long copies = Math.max(1, members / MEMBERS_PER_PLANTED_COPY);
    this.plantedMembers = copies * PlantedCase.values().length;
    this.plantingStride = members / plantedMembers;

    Map<String, Double> groupWeights = new LinkedHashMap<>();
    policy.regionGroups().forEach((group, countries) -> {
      if (!countries.isEmpty()) {
        countriesByGroup.put(group, List.copyOf(countries));
        groupWeights.put(group, GROUP_WEIGHTS.getOrDefault(group, UNLISTED_GROUP_WEIGHT));
      }
    });
    countriesByGroup.put(Vocabulary.REGION_GROUP_OTHER, otherCountries);
    groupWeights.put(Vocabulary.REGION_GROUP_OTHER, OTHER_GROUP_WEIGHT);
    this.regionGroups = new Weighted<>(groupWeights);
  }

  /** A well-spread 64-bit seed for one member (SplitMix64's finaliser). */
  static long mix(long seed, long index) {
    long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The planted case member {@code index} holds, or null for an ordinary member: also where the
   * case's slot falls on a case the policy gives no occasion for.
   */
  PlantedCase plantedCase(long index) {
    if (index % plantingStride != 0 || index / plantingStride >= plantedMembers) {
      return null;
    }
    PlantedCase plantedCase = PlantedCase.values()[(int) ((index / plantingStride) % PlantedCase.values().length)];
    return planter.plants(plantedCase) ? plantedCase : null;
  }

  /** The index of the first member planted with the case, or -1 when the policy gives it no occasion. */
  long firstMemberOf(PlantedCase plantedCase) {
    long index = (long) plantedCase.ordinal() * plantingStride;
    return plantedCase(index) == plantedCase ? index : -1;
  }

  SnapshotPlan plan() {
    return plan;
  }

  /** The shared contexts ordinary members post in, with their flags. */
  ContextPlan contexts() {
    return contexts;
  }

  MemberHistory simulate(long index) {
    SplittableRandom random = new SplittableRandom(mix(seed, index));
    PlantedCase plantedCase = plantedCase(index);
    MemberHistory member = plantedCase == null ? ordinary(index, random) : planter.plant(plantedCase, index, random);
    // Every copy is judged; a finding of (rule, snapshot, record) stands once, whichever copies yield it.
    List<TrainingRow> judged = new java.util.ArrayList<>(member.training);
    judged.addAll(member.otherCopies);
    for (OptOutMode mode : OptOutMode.values()) {
      java.util.Set<Finding> found = new java.util.LinkedHashSet<>();
      for (TrainingRow row : judged) {
        for (RuleId rule : rules.evaluate(member, row, mode)) {
          found.add(new Finding(rule, row.snapshotId(), row.recordId()));
        }
      }
      member.findings.get(mode).addAll(found);
    }
    return member;
  }

  private MemberHistory ordinary(long index, SplittableRandom random) {
    String memberId = Ids.member(index);
    MemberHistory member = new MemberHistory(memberId, null);
    Long closedAt = null;
    if (random.nextDouble() >= 0.02) {
      LocalDate birthDate = random.nextDouble() < 0.03 ? null : birthDate(random);
      closedAt = random.nextDouble() < 0.025 ? Times.between(random, CLOSURES_FROM, UNTIL) : null;
      member.member = new MemberRow(memberId, birthDate, closedAt);
    }
    regions(member, random);
    consent(member, index, random);
    records(member, index, random, closedAt);
    training(member, random);
    return member;
  }

  /** Ages around 18 to 70 in mid-2025, with a few minors. */
  private static LocalDate birthDate(SplittableRandom random) {
    int age = random.nextDouble() < 0.04 ? 13 + random.nextInt(5) : 18 + (int) (52 * Math.pow(random.nextDouble(), 1.4));
    return AGE_REFERENCE.minusYears(age).minusDays(random.nextInt(365));
  }

  private void regions(MemberHistory member, SplittableRandom random) {
    double p = random.nextDouble();
    if (p < 0.015) {
      return;
    }
    long from = p < 0.035 ? Times.between(random, LATE_REGIONS_FROM, UNTIL) : Times.between(random, REGIONS_FROM, MOVES_FROM);
    String country = country(random);
    member.regions.add(new RegionRow(member.memberId, country, from));
    if (random.nextDouble() < 0.1) {
      int moves = 1 + random.nextInt(2);
      for (int i = 0; i < moves; i++) {
        from = Times.between(random, Math.max(from + DAY, MOVES_FROM), UNTIL);
        String next = country(random);
        if (!next.equals(country)) {
          member.regions.add(new RegionRow(member.memberId, next, from));
          country = next;
        }
      }
    }
  }

  private String country(SplittableRandom random) {
    List<String> countries = countriesByGroup.get(regionGroups.next(random));
    return countries.get(random.nextInt(countries.size()));
  }

  /** Most members never opt out; some toggle the setting, some use the objection form. */
  private void consent(MemberHistory member, long index, SplittableRandom random) {
    double p = random.nextDouble();
    if (p < 0.78) {
      return;
    }
    String setting = Vocabulary.CHANNEL_GENERATIVE_AI_SETTING;
    if (p < 0.88) {
      event(member, index, setting, true, Times.between(random, CONSENT_FROM, UNTIL), settingSource(random));
    } else if (p < 0.92) {
      long at = Times.between(random, CONSENT_FROM, UNTIL);
      boolean optedOut = true;
      for (int i = 2 + random.nextInt(4); i > 0 && at < UNTIL; i--) {
        event(member, index, setting, optedOut, at, settingSource(random));
        at += DAY + random.nextLong(120 * DAY);
        optedOut = random.nextDouble() < 0.2 ? optedOut : !optedOut;
      }
    } else if (p < 0.95) {
      objection(member, index, Vocabulary.CHANNEL_OBJECTION_GENERATIVE, random);
    } else if (p < 0.98) {
      objection(member, index, Vocabulary.CHANNEL_OBJECTION_NON_GENERATIVE, random);
    } else {
      event(member, index, setting, true, Times.between(random, CONSENT_FROM, UNTIL), settingSource(random));
      objection(member, index, Vocabulary.CHANNEL_OBJECTION_GENERATIVE, random);
    }
  }

  private void objection(MemberHistory member, long index, String channel, SplittableRandom random) {
    long at = Times.between(random, CONSENT_FROM, UNTIL);
    event(member, index, channel, true, at, "form");
    if (random.nextDouble() < 0.3) {
      long withdrawn = at + DAY + random.nextLong(300 * DAY);
      if (withdrawn < UNTIL) {
        event(member, index, channel, false, withdrawn, "form");
      }
    }
  }

  private String settingSource(SplittableRandom random) {
    return random.nextDouble() < 0.05 ? null : settingSources.next(random);
  }

  private static void event(MemberHistory member, long index, String channel, boolean optedOut, long at, String source) {
    member.consent.add(new ConsentRow(Ids.event(index, member.consent.size()), member.memberId, channel, optedOut, at, source));
  }

  private void records(MemberHistory member, long index, SplittableRandom random, Long closedAt) {
    long until = closedAt == null ? UNTIL : Math.min(UNTIL, closedAt);
    for (int n = 0; n < recordsPerMember; n++) {
      String recordId = Ids.record(index, n);
      String type = recordTypes.next(random);
      long createdAt = Times.between(random, RECORDS_FROM, until);
      Long deletedAt = random.nextDouble() < 0.05 ? createdAt + HOUR + random.nextLong(900 * DAY) : null;
      String contextId = GROUP_TYPES.contains(type) || random.nextDouble() < 0.1 ? contexts.pick(random) : null;
      member.records.add(new RecordRow(recordId, member.memberId, type, createdAt, deletedAt, contextId));

      double p = random.nextDouble();
      if (p < 0.015) {
        continue;
      }
      long from = p < 0.025 ? createdAt + DAY + random.nextLong(20 * DAY) : createdAt;
      String initial = PRIVATE_TYPES.contains(type) ? "private" : visibilities.next(random);
      member.visibility.add(new VisibilityRow(recordId, initial, from));
      if (random.nextDouble() < 0.12) {
        String changed = visibilities.next(random);
        if (!changed.equals(initial)) {
          member.visibility.add(new VisibilityRow(recordId, changed, from + HOUR + random.nextLong(700 * DAY)));
        }
      }
    }
  }

  /**
   * Each snapshot samples the records collected before its capture. Like a real pipeline, it
   * mostly filters out rows that break a promise, but lets a few through.
   */
  private void training(MemberHistory member, SplittableRandom random) {
    for (SnapshotSpec snapshot : plan.snapshots()) {
      for (RecordRow record : member.records) {
        if (record.createdAt() >= snapshot.capturedAt() || random.nextDouble() >= snapshot.samplingRate()) {
          continue;
        }
        TrainingRow row = snapshot.rowFor(record.recordId(), member.memberId);
        if (rules.hasViolation(member, row, OptOutMode.USE_TIME) && random.nextDouble() >= LEAK_RATE) {
          continue;
        }
        member.training.add(row);
      }
    }
  }

  private static Map<String, Double> recordTypeWeights() {
    return ordered(
        "profile", 6.0, "post", 28.0, "article", 5.0, "comment", 24.0, "poll", 3.0, "group_activity", 9.0,
        "group_message", 6.0, "ai_prompt", 4.0, "resume", 3.0, "screening_answer", 2.0, "private_message", 0.5,
        "login_credential", 0.2, "payment", 0.2, "salary", 0.3, "job_application", 0.3, "video", 1.0, "event", 0.5);
  }

  private static Map<String, Double> ordered(Object... valuesAndWeights) {
    Map<String, Double> weights = new LinkedHashMap<>();
    for (int i = 0; i < valuesAndWeights.length; i += 2) {
      weights.put((String) valuesAndWeights[i], (Double) valuesAndWeights[i + 1]);
    }
    return weights;
  }
}
