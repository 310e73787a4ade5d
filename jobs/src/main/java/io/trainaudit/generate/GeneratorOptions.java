package io.trainaudit.generate;

import java.nio.file.Path;

/**
 * What to generate: where, how many members, records per member and training snapshots, and the
 * seed that makes the data reproducible (same options and policy, same data).
 *
 * @param out the directory that receives one Delta table per input table and {@code ground_truth/}
 * @param members how many members to simulate; a few of them hold the planted cases
 * @param recordsPerMember how many records each ordinary member owns
 * @param snapshots how many training snapshots to capture (at least an early generative, a
 *     non-generative and a late generative one shared with an affiliate)
 * @param seed the seed of every random choice
 */
public record GeneratorOptions(Path out, long members, int recordsPerMember, int snapshots, long seed) {
  public static final long MIN_MEMBERS = 100;
  public static final long MAX_MEMBERS = 1_000_000_000L;
  public static final int MAX_RECORDS_PER_MEMBER = 10_000;
  public static final int MIN_SNAPSHOTS = 3;
  public static final int MAX_SNAPSHOTS = 1_000;

  public GeneratorOptions {
    if (out == null) {
      throw new IllegalArgumentException("out must name the output directory, got none");
    }
    if (members < MIN_MEMBERS || members > MAX_MEMBERS) {
      throw new IllegalArgumentException("members must be between " + MIN_MEMBERS + " and " + MAX_MEMBERS
          + " (every planted case needs members of its own), got " + members);
    }
    if (recordsPerMember < 1 || recordsPerMember > MAX_RECORDS_PER_MEMBER) {
      throw new IllegalArgumentException(
          "records per member must be between 1 and " + MAX_RECORDS_PER_MEMBER + ", got " + recordsPerMember);
    }
    if (snapshots < MIN_SNAPSHOTS || snapshots > MAX_SNAPSHOTS) {
      throw new IllegalArgumentException("snapshots must be between " + MIN_SNAPSHOTS + " and " + MAX_SNAPSHOTS
          + " (an early generative, a non-generative and a late affiliate snapshot are always planted), got "
          + snapshots);
    }
  }
}
