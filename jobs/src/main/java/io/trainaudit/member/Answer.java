package io.trainaudit.member;

import io.trainaudit.member.MemberStatement.FindingFact;
import io.trainaudit.member.MemberStatement.ModelUse;
import io.trainaudit.member.MemberStatement.UsedRow;
import io.trainaudit.rules.RuleId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The one line a member statement opens with: the gravest thing the audit found about the
 * member's records and the model versions they trained, e.g. "1 record was used after your opt-out
 * of 2026-03-01; it trained model writer v3 (never released)."
 */
final class Answer {
  private Answer() {}

  static String of(List<UsedRow> rows, List<ModelUse> models, boolean lineage, String optedOutSince, int minimumAge) {
    if (rows.isEmpty()) {
      return "None of your records was used in training.";
    }
    List<UsedRow> optedOut = having(rows, f -> f.ruleId().equals(RuleId.OPT_OUT_GENERATIVE.name())
        || f.ruleId().equals(RuleId.OBJECTION_NON_GENERATIVE.name()));
    List<UsedRow> underAge = having(rows, f -> f.ruleId().equals(RuleId.UNDER_AGE.name()));
    List<UsedRow> privateContent = having(rows, f -> f.ruleId().equals(RuleId.PRIVATE_CONTENT.name()));
    List<UsedRow> violating = rows.stream().filter(UsedRow::violates).toList();
    if (!optedOut.isEmpty()) {
      return records(optedOut) + " used after your opt-out" + (optedOutSince == null ? "" : " of " + optedOutSince)
          + "; " + trained(optedOut, models, lineage);
    }
    if (!underAge.isEmpty()) {
      return records(underAge) + " used although you were under " + minimumAge + " when "
          + (count(underAge) == 1 ? "it was" : "they were") + " collected or captured; "
          + trained(underAge, models, lineage);
    }
    if (!privateContent.isEmpty()) {
      return records(privateContent) + " used although private; " + trained(privateContent, models, lineage);
    }
    if (!violating.isEmpty()) {
      Set<String> rules = new TreeSet<>();
      violating.forEach(r -> r.findings().forEach(f -> rules.add(f.ruleId())));
      return records(violating) + " used against a promise (" + String.join(", ", rules) + "); "
          + trained(violating, models, lineage);
    }
    long n = count(rows);
    return (n == 1 ? "Your record used in training broke no promise; "
        : "None of your " + n + " records used in training broke a promise; ") + trained(rows, models, lineage);
  }

  private static List<UsedRow> having(List<UsedRow> rows, Predicate<FindingFact> finding) {
    return rows.stream().filter(r -> r.findings().stream().anyMatch(finding)).toList();
  }

  private static long count(List<UsedRow> rows) {
    return rows.stream().map(UsedRow::recordId).distinct().count();
  }

  private static String records(List<UsedRow> rows) {
    long n = count(rows);
    return n + (n == 1 ? " record was" : " records were");
  }

  private static String trained(List<UsedRow> rows, List<ModelUse> models, boolean lineage) {
    String subject = count(rows) == 1 ? "it" : "they";
    if (!lineage) {
      return "which models " + subject + " trained cannot be told (no model lineage configured).";
    }
    Set<String> names = new TreeSet<>();
    rows.forEach(r -> names.addAll(r.modelVersions()));
    if (names.isEmpty()) {
      return "no model version is recorded as trained on " + (subject.equals("it") ? "it" : "them") + ".";
    }
    List<String> described = new ArrayList<>();
    for (String name : names) {
      boolean released = models.stream().filter(m -> m.name().equals(name)).anyMatch(m -> m.releasedAt() != null);
      described.add(name + (released ? "" : " (never released)"));
    }
    return subject + " trained model" + (described.size() == 1 ? " " : "s ") + join(described) + ".";
  }

  private static String join(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }
}
