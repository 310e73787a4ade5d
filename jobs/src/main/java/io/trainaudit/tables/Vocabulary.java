package io.trainaudit.tables;

import java.util.List;

/** The closed sets of values the contract defines for its string columns. */
public final class Vocabulary {
  public static final String PURPOSE_GENERATIVE = "generative";
  public static final String PURPOSE_NON_GENERATIVE = "non_generative";
  public static final List<String> PURPOSES = List.of(PURPOSE_GENERATIVE, PURPOSE_NON_GENERATIVE);

  public static final String CHANNEL_GENERATIVE_AI_SETTING = "generative_ai_setting";
  public static final String CHANNEL_OBJECTION_GENERATIVE = "objection_generative";
  public static final String CHANNEL_OBJECTION_NON_GENERATIVE = "objection_non_generative";
  public static final List<String> CHANNELS =
      List.of(CHANNEL_GENERATIVE_AI_SETTING, CHANNEL_OBJECTION_GENERATIVE, CHANNEL_OBJECTION_NON_GENERATIVE);

  /** Visibilities from the least to the most protective; on equal timestamps the later one wins. */
  public static final List<String> VISIBILITIES = List.of("public", "connections", "private", "hidden");

  /** The region group of a country listed in no group. */
  public static final String REGION_GROUP_OTHER = "OTHER";

  private Vocabulary() {}
}
