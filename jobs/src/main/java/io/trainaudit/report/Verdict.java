package io.trainaudit.report;

import io.trainaudit.report.ReportData.RuleCount;
import io.trainaudit.rules.RuleId;
import io.trainaudit.rules.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a run in plain words, the first thing a report says: how many training rows of
 * how many snapshots were checked against how many rules, how many violations in how many rules,
 * how many rows could not be verified and why, and which promises were not checked at all.
 */
public record Verdict(long rowsAudited, long rowsQuarantined, int snapshots, List<RuleCount> rules,
    Map<String, String> notChecked) {

  public Verdict {
    rules = List.copyOf(rules);
    notChecked = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(notChecked));
  }

  /** The verdict of a run that checked every rule. */
  public Verdict(long rowsAudited, long rowsQuarantined, int snapshots, List<RuleCount> rules) {
    this(rowsAudited, rowsQuarantined, snapshots, rules, Map.of());
  }

  public long violations() {
    return total(Severity.VIOLATION);
  }

  public long unverifiable() {
    return total(Severity.UNVERIFIABLE);
  }

  /** PASS when no rule was violated, else FAIL; words, so that the verdict never rests on colour. */
  public String status() {
    return violations() == 0 ? "PASS" : "FAIL";
  }

  public String headline() {
    if (violations() > 0) {
      return "Violations found";
    }
    return unverifiable() > 0 ? "No violation found; some rows could not be verified" : "No violation found";
  }

  /** The verdict in one sentence, e.g. "All 1,234 training rows of 3 snapshots were checked against 12 rules: no violation." */
  public String sentence() {
    StringBuilder s = new StringBuilder();
    if (rowsQuarantined == 0) {
      s.append("All ").append(count(rowsAudited, "training row"));
    } else {
      s.append(format(rowsAudited)).append(" of ").append(count(rowsAudited + rowsQuarantined, "training row"));
    }
    s.append(" of ").append(count(snapshots, "snapshot"))
        .append(rowsAudited == 1 && rowsQuarantined == 0 ? " was" : " were")
        .append(" checked against ").append(count(rules.size(), "rule"));
    if (rowsQuarantined > 0) {
      s.append(" (").append(format(rowsQuarantined)).append(" could not be read and were quarantined)");
    }
    s.append(": ");
    long violations = violations();
    long violatedRules = rules.stream().filter(r -> isViolation(r) && r.count() > 0).count();
    s.append(violations == 0 ? "no violation" : count(violations, "violation") + " in " + count(violatedRules, "rule"));
    List<RuleCount> unverified = rules.stream().filter(r -> !isViolation(r) && r.count() > 0).toList();
    if (unverified.size() == 1) {
      RuleCount only = unverified.get(0);
      s.append("; ").append(count(only.count(), "row")).append(" could not be verified (").append(reason(only.ruleId())).append(")");
    } else if (unverified.size() > 1) {
      List<String> parts = new ArrayList<>();
      for (RuleCount r : unverified) {
        parts.add(count(r.count(), "row") + " (" + reason(r.ruleId()) + ")");
      }
      s.append("; could not be verified: ").append(String.join(", ", parts));
    }
    s.append('.');
    if (!notChecked.isEmpty()) {
      List<String> parts = new ArrayList<>();
      notChecked.forEach((rule, why) -> parts.add(rule + " (" + why + ")"));
      s.append(" Not checked, so not claimed to hold: ").append(String.join(", ", parts)).append('.');
    }
    return s.toString();
  }

  /** Why an unverifiable rule's rows could not be verified, in a few plain words. */
  public static String reason(String ruleId) {
    RuleId id;
    try {
      id = RuleId.valueOf(ruleId);
    } catch (IllegalArgumentException e) {
      return ruleId.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
    return switch (id) {
      case AGE_UNKNOWN -> "unknown age";
      case VISIBILITY_UNKNOWN -> "unknown visibility";
      case REGION_UNKNOWN -> "unknown region";
      case RECORD_UNKNOWN -> "record missing from the records table";
      case MEMBER_MISMATCH -> "member differs from the record's owner";
      default -> id.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    };
  }

  /** "1 rule", "12 rules", "1,234 rows": a number with thousands separators and its noun. */
  static String count(long n, String noun) {
    return format(n) + " " + (n == 1 ? noun : noun + "s");
  }

  static String format(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private long total(Severity severity) {
    return rules.stream().filter(r -> r.severity().equals(severity.value())).mapToLong(RuleCount::count).sum();
  }

  private static boolean isViolation(RuleCount rule) {
    return rule.severity().equals(Severity.VIOLATION.value());
  }
}
