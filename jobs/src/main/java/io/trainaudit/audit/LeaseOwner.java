package io.trainaudit.audit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process that holds a run's lease: its host, its process id and the instant it started
 * (process ids are reused, the pair is not). On the same host a lease whose process is gone is
 * known dead at once; on another host only its expiry tells.
 */
record LeaseOwner(String host, long pid, Optional<Instant> processStart) {
  private static final Pattern ENCODED = Pattern.compile("pid=(\\d+) host=(\\S+) started=(\\S+)");
  private static final String UNKNOWN = "unknown";

  /** This process. */
  static LeaseOwner current() {
    ProcessHandle self = ProcessHandle.current();
    return new LeaseOwner(hostName(), self.pid(), self.info().startInstant());
  }

  /** The owner as stored in audit_runs.lease_owner; empty when the text is not one. */
  static Optional<LeaseOwner> parse(String encoded) {
    Matcher m = encoded == null ? null : ENCODED.matcher(encoded);
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    Optional<Instant> start = m.group(3).equals(UNKNOWN) ? Optional.empty() : Optional.of(Instant.parse(m.group(3)));
    return Optional.of(new LeaseOwner(m.group(2), Long.parseLong(m.group(1)), start));
  }

  String encoded() {
    return "pid=" + pid + " host=" + host + " started=" + processStart.map(Instant::toString).orElse(UNKNOWN);
  }

  /** True when this owner is a process of this host that no longer runs. */
  boolean isDeadHere() {
    if (!host.equals(hostName()) || processStart.isEmpty()) {
      return false;
    }
    return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()).map(s -> !s.equals(processStart.get()))
        .orElse(true);
  }

  /** How messages name the owner. */
  String describe() {
    return "process " + pid + " on host " + host;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().replaceAll("\\s", "_");
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
