package io.trainaudit.audit;

import io.trainaudit.AuditException;
import io.trainaudit.Errors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's exclusive hold on its output tables, kept in its own audit_runs row rather than in a
 * file, so that it holds on object stores and for every configuration sharing those tables.
 *
 * <p>The row is inserted by one Delta commit that is refused when another commit touched the
 * table since it was read (Delta's optimistic concurrency), and only when no other row holds an
 * unexpired lease. The lease is renewed on a background thread every third of its length. A run
 * whose lease expired (it died on another host, or stalled that long) or whose process is gone
 * (on this host) is dead: the next run rolls it back. A run that finds its own row taken over
 * stops before its next commit ({@link #check()}).
 */
final class RunLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLease.class);

  private final RunStore runs;
  private final String runId;
  private final Duration length;
  private final List<RunRecord> dead;
  private final ScheduledExecutorService renewals;
  private volatile String lost;
  /** The audit_runs version at which this run last found its row running: unchanged since, still running. */
  private long checkedVersion;

  private RunLease(RunStore runs, String runId, Duration length, List<RunRecord> dead, long startedVersion) {
    this.runs = runs;
    this.checkedVersion = startedVersion;
    this.runId = runId;
    this.length = length;
    this.dead = List.copyOf(dead);
    this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "trainaudit-lease-" + runId);
      thread.setDaemon(true);
      return thread;
    });
    long every = Math.max(1, length.toMillis() / 3);
    renewals.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Inserts the run's row with a lease on the outputs, or refuses (exit 7) while another run
   * holds one. The runs found dead on the way are left to {@link #dead()} for rollback.
   */
  static RunLease acquire(RunStore runs, RunRecord started, Duration length) {
    for (int attempt = 1; attempt <= 2; attempt++) {
      Instant now = Instant.now();
      List<RunRecord> dead = new ArrayList<>();
      for (RunRecord run : runs.running()) {
        Instant until = run.lease().expiresAt();
        Optional<LeaseOwner> owner = LeaseOwner.parse(run.lease().owner());
        boolean expired = until == null || !until.isAfter(now);
        if (!expired && owner.map(LeaseOwner::isDeadHere).orElse(false)) {
          runs.expireLease(run.runId(), now);
          expired = true;
        }
        if (!expired) {
          throw Errors.runInProgress(run.runId(), owner.map(LeaseOwner::describe).orElse("an unknown process"), until);
        }
        dead.add(run);
      }
      try {
        OptionalLong inserted = runs.startIfFree(started, now, now.plus(length));
        if (inserted.isPresent()) {
          return new RunLease(runs, started.runId(), length, dead, inserted.getAsLong());
        }
      } catch (ConcurrentModificationException e) {
        throw Errors.runStartedTogether(e);
      }
    }
    throw Errors.runStartedTogether(null);
  }

  /** The runs that held the outputs before this one and are dead: they must be rolled back. */
  List<RunRecord> dead() {
    return dead;
  }

  /** Fails (exit 7) when another run took the outputs over: this run must then write nothing more. */
  void check() {
    if (lost == null) {
      long version = runs.version();
      if (version != checkedVersion) {
        if (!runs.status(runId).map(RunStatus.RUNNING::equals).orElse(false)) {
          lost = "its row in audit_runs is no longer running";
        }
        checkedVersion = version;
      }
    }
    if (lost != null) {
      throw Errors.leaseLost(runId, lost);
    }
  }

  /**
   * True while the run still holds its outputs, asked of the table itself: a failing run rolls
   * back only then, never over the commits of a run that took over.
   */
  boolean held() {
    try {
      check();
      return true;
    } catch (AuditException e) {
      return false;
    } catch (Exception e) {
      // audit_runs cannot be read now: as far as this run knows, it still holds the outputs.
      return lost == null;
    }
  }

  private void renew() {
    try {
      if (!runs.renew(runId, Instant.now().plus(length))) {
        lost = "another run found it dead and took the outputs over";
      }
    } catch (Exception e) {
      // A failed renewal is retried at the next tick; the lease lasts three of them.
      LOG.warn("Cannot renew the lease of run {} on its outputs: {}", runId, e.toString());
    }
  }

  @Override
  public void close() {
    renewals.shutdownNow();
    try {
      renewals.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
