package io.trainaudit.audit;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which snapshots a run audits: all of them ({@code full}), or the chosen ones ({@code snapshots},
 * a backfill).
 */
public record AuditScope(String mode, Optional<Set<String>> snapshotIds) {
  public static final String FULL = "full";
  public static final String SNAPSHOTS = "snapshots";

  public AuditScope {
    Objects.requireNonNull(mode, "mode");
    snapshotIds = snapshotIds.map(ids -> {
      if (ids.isEmpty()) {
        throw new IllegalArgumentException("a snapshot selection needs at least one snapshot id");
      }
      return Set.copyOf(new TreeSet<>(ids));
    });
  }

  public static AuditScope full() {
    return new AuditScope(FULL, Optional.empty());
  }

  public static AuditScope snapshots(Set<String> ids) {
    return new AuditScope(SNAPSHOTS, Optional.of(ids));
  }
}
