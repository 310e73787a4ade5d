package io.trainaudit.rules;


/**
 * What both opt-out rules share: a row breaks the promise when an opt-out covering its purpose is
 * in force at capture; in collection_time mode, only if the record was collected since it began.
 */
abstract class OptOutRule implements Rule {
  private static final long serialVersionUID = 1L;

  /** The purpose the rule covers. */
  abstract String purpose();

  /** The evidence names of the channels the rule honours, in order. */
  abstract String[] channelNames();

  /** Since when the row's member is opted out on each honoured channel, in {@link #channelNames()} order. */
  abstract Long[] channelsSince(AuditFacts row);

  /** Since when the member is opted out on any honoured channel: the earliest start, or null. */
  private Long optedOutSince(AuditFacts row) {
    Long earliest = null;
    for (Long since : channelsSince(row)) {
      if (since != null && (earliest == null || since < earliest)) {
        earliest = since;
      }
    }
    return earliest;
  }

  @Override
  public boolean finds(AuditFacts row, CompiledPolicy policy) {
    Long since = optedOutSince(row);
    return purpose().equals(row.purpose()) && since != null
        && (policy.optOutMode() == OptOutMode.USE_TIME || row.createdAt() >= since);
  }

  @Override
  public Evidence evidence(AuditFacts row, CompiledPolicy policy) {
    Evidence evidence = Evidence.of();
    Long[] since = channelsSince(row);
    for (int i = 0; i < since.length; i++) {
      evidence.instant(channelNames()[i], since[i]);
    }
    return evidence
        .instant("opted_out_since", optedOutSince(row))
        .instant("record_created_at", row.createdAt())
        .text("opt_out_mode", policy.optOutMode().configValue());
  }
}
