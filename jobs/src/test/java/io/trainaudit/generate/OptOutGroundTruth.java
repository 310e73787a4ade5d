package io.trainaudit.generate;

import io.trainaudit.generate.MemberHistory.TrainingRow;
import io.trainaudit.rules.OptOutMode;
import io.trainaudit.rules.Policy;
import io.trainaudit.rules.RuleId;
import io.trainaudit.tables.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The generator's own answer, for tests outside this package, to when each expected opt-out or
 * objection finding's opt-out began: the members are simulated again from the same options and
 * judged by {@link ExpectedFindings}, independently of the auditor.
 */
public final class OptOutGroundTruth {
  private static final List<String> GENERATIVE =
      List.of(Vocabulary.CHANNEL_GENERATIVE_AI_SETTING, Vocabulary.CHANNEL_OBJECTION_GENERATIVE);
  private static final List<String> NON_GENERATIVE = List.of(Vocabulary.CHANNEL_OBJECTION_NON_GENERATIVE);

  private OptOutGroundTruth() {}

  /**
   * One expected OPT_OUT_GENERATIVE or OBJECTION_NON_GENERATIVE finding.
   *
   * @param regionGroup the member's region group at capture, null if none
   * @param optedOutSince epoch seconds when the opt-out in force at capture began
   * @param capturedAt epoch seconds
   */
  public record OptOutFinding(RuleId rule, String snapshotId, String recordId, String regionGroup,
      long optedOutSince, long capturedAt) {}

  /** Every expected opt-out finding of the data set that {@code options} and {@code policy} generate. */
  public static List<OptOutFinding> of(GeneratorOptions options, Policy policy, OptOutMode mode) {
    SnapshotPlan plan = SnapshotPlan.derive(options.seed(), options.snapshots(), policy.internalRecipient());
    MemberSimulator simulator = new MemberSimulator(options, plan, policy);
    ExpectedFindings rules = new ExpectedFindings(policy, simulator.contexts());
    List<OptOutFinding> found = new ArrayList<>();
    for (long index = 0; index < options.members(); index++) {
      MemberHistory member = simulator.simulate(index);
      for (TrainingRow row : member.training) {
        for (RuleId rule : rules.evaluate(member, row, mode)) {
          if (rule != RuleId.OPT_OUT_GENERATIVE && rule != RuleId.OBJECTION_NON_GENERATIVE) {
            continue;
          }
          OptionalLong since = ExpectedFindings.optedOutSince(member.consent,
              rule == RuleId.OPT_OUT_GENERATIVE ? GENERATIVE : NON_GENERATIVE, row.capturedAt());
          found.add(new OptOutFinding(rule, row.snapshotId(), row.recordId(),
              rules.regionGroupAsOf(member.regions, row.capturedAt()), since.orElseThrow(), row.capturedAt()));
        }
      }
    }
    return found;
  }
}
