package io.trainaudit.generate;

import io.trainaudit.tables.Vocabulary;
import java.io.Serializable;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The training snapshots, derived from the seed alone (a handful of rows, built on the driver).
 * Sorted by capture; the first is generative and internal, captured before any region's policy
 * took effect (mid-2024); the second is non-generative; the last is generative, shared with an
 * affiliate, late in 2026. Those in between spread from September 2024 to June 2026 with random
 * purposes and recipients.
 */
final class SnapshotPlan implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String AFFILIATE_RECIPIENT = "parent_affiliate";
  private static final String OTHER_AFFILIATE_RECIPIENT = "affiliate";

  private static final long EARLY_FROM = Times.startOf(2024, 6, 1);
  private static final long MIDDLE_FROM = Times.startOf(2024, 9, 1);
  private static final long LATE_FROM = Times.startOf(2026, 6, 1);
  private static final long LATE_UNTIL = Times.startOf(2026, 11, 30);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

  /** The snapshots that planted cases use. */
  enum Role {
    EARLY,
    NON_GENERATIVE,
    LATE
  }

  private final List<SnapshotSpec> snapshots;

  private SnapshotPlan(List<SnapshotSpec> snapshots) {
    this.snapshots = List.copyOf(snapshots);
  }

  static SnapshotPlan derive(long seed, int count, String internalRecipient) {
    SplittableRandom random = new SplittableRandom(MemberSimulator.mix(seed, -1L));
    String affiliate = AFFILIATE_RECIPIENT.equals(internalRecipient) ? OTHER_AFFILIATE_RECIPIENT : AFFILIATE_RECIPIENT;
    List<SnapshotSpec> snapshots = new ArrayList<>();
    int middle = count - 2;
    long window = (LATE_FROM - MIDDLE_FROM) / middle;
    for (int i = 0; i < count; i++) {
      long capturedAt;
      String purpose = Vocabulary.PURPOSE_GENERATIVE;
      String recipient = internalRecipient;
      if (i == 0) {
        capturedAt = Times.between(random, EARLY_FROM, MIDDLE_FROM);
      } else if (i == count - 1) {
        capturedAt = Times.between(random, LATE_FROM, LATE_UNTIL);
        recipient = affiliate;
      } else {
        capturedAt = Times.between(random, MIDDLE_FROM + (i - 1) * window, MIDDLE_FROM + i * window);
        if (i == 1 || random.nextDouble() < 0.35) {
          purpose = Vocabulary.PURPOSE_NON_GENERATIVE;
        }
        if (i > 1 && random.nextDouble() < 0.3) {
          recipient = affiliate;
        }
      }
      double samplingRate = 0.5 + 0.4 * random.nextDouble();
      String id = String.format(Locale.ROOT, "snap-%03d-%s", i, Times.dateOf(capturedAt).format(DAY));
      snapshots.add(new SnapshotSpec(id, capturedAt, purpose, recipient, samplingRate));
    }
    return new SnapshotPlan(snapshots);
  }

  List<SnapshotSpec> snapshots() {
    return snapshots;
  }

  SnapshotSpec snapshot(Role role) {
    return switch (role) {
      case EARLY -> snapshots.get(0);
      case NON_GENERATIVE -> snapshots.get(1);
      case LATE -> snapshots.get(snapshots.size() - 1);
    };
  }
}
