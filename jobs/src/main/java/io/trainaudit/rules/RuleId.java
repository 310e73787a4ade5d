package io.trainaudit.rules;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/** The stable identifiers of the contract's rules, with their severities. */
public enum RuleId {
  OPT_OUT_GENERATIVE(Severity.VIOLATION),
  OBJECTION_NON_GENERATIVE(Severity.VIOLATION),
  UNDER_AGE(Severity.VIOLATION),
  AGE_UNKNOWN(Severity.UNVERIFIABLE),
  PRIVATE_CONTENT(Severity.VIOLATION),
  VISIBILITY_UNKNOWN(Severity.UNVERIFIABLE),
  AFFILIATE_SHARE_PROTECTED(Severity.VIOLATION),
  BEFORE_EFFECTIVE_DATE(Severity.VIOLATION),
  REGION_UNKNOWN(Severity.UNVERIFIABLE),
  DELETED_DATA(Severity.VIOLATION),
  RECORD_UNKNOWN(Severity.UNVERIFIABLE),
  MEMBER_MISMATCH(Severity.UNVERIFIABLE),
  SENSITIVE_CONTEXT(Severity.VIOLATION),
  DATA_ORIGIN_CUTOFF(Severity.VIOLATION);

  private final Severity severity;

  RuleId(Severity severity) {
    this.severity = severity;
  }

  public Severity severity() {
    return severity;
  }

  /** Every rule id, sorted; what {@code policy.disabled_rules} may name. */
  public static Set<String> ids() {
    return new TreeSet<>(Arrays.stream(values()).map(Enum::name).toList());
  }
}
