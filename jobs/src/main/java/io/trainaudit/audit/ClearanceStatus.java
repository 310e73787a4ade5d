package io.trainaudit.audit;

import java.util.Locale;

/** How an audited snapshot's rows stand against the clearance the pre-training gate gave them. */
public enum ClearanceStatus {
  /** The rows the audit read are exactly those of the snapshot's latest clearance (same digest). */
  CLEARED,
  /** The snapshot was cleared, but rows were added, removed or altered since: the digests differ. */
  CHANGED_AFTER_CLEARANCE,
  /** The gate ran on the snapshot but never cleared it: it held rows to exclude each time. */
  NOT_CLEARED,
  /** No gate ran on the snapshot. */
  NEVER_GATED;

  /** The value written to summary.json. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
