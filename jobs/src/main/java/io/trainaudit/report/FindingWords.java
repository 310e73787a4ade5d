package io.trainaudit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainaudit.rules.RuleId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A finding in plain words, from its rule and the facts its evidence holds, e.g. "posted in a
 * trade-union group since 2025-03-01": what a compliance officer reads first in a report's row.
 * Member ids are never part of the words.
 */
public final class FindingWords {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How a special category reads before "group"; a category not listed reads as its name. */
  private static final Map<String, String> CATEGORIES = Map.of(
      "trade_union", "trade-union",
      "religion", "religious",
      "ethnicity", "ethnic",
      "philosophical_belief", "philosophical",
      "sex_life", "sex-life",
      "sexual_orientation", "sexual-orientation");

  private FindingWords() {}

  /** The finding in a few words; empty when its evidence cannot be read. */
  public static String of(String ruleId, String evidenceJson) {
    JsonNode e;
    RuleId rule;
    try {
      e = evidenceJson == null ? JSON.createObjectNode() : JSON.readTree(evidenceJson);
      rule = RuleId.valueOf(ruleId);
    } catch (JsonProcessingException | IllegalArgumentException ex) {
      return "";
    }
    return switch (rule) {
      case OPT_OUT_GENERATIVE -> "opted out of generative AI training since " + day(e, "opted_out_since");
      case OBJECTION_NON_GENERATIVE -> "objected to non-generative AI training since " + day(e, "opted_out_since");
      case UNDER_AGE -> "aged " + text(e, "age_at_assessment") + " when the data was collected or captured (adult from "
          + text(e, "adult_from") + ")";
      case AGE_UNKNOWN -> "birth date unknown";
      case PRIVATE_CONTENT -> e.path("excluded_record_type").asBoolean()
          ? "a " + text(e, "record_type").replace('_', ' ') + " record, never to be used"
          : text(e, "visibility") + " content at capture (since " + day(e, "visibility_since") + ")";
      case VISIBILITY_UNKNOWN -> "no visibility on record at capture";
      case AFFILIATE_SHARE_PROTECTED -> "shared with " + text(e, "recipient") + " while in " + text(e, "region_group")
          + " (" + text(e, "country_code") + ")";
      case BEFORE_EFFECTIVE_DATE -> "captured before the policy took effect in " + text(e, "region_group") + " on "
          + text(e, "effective_date");
      case REGION_UNKNOWN -> "no region on record at capture";
      case DELETED_DATA -> e.path("deleted_at").isTextual()
          ? "deleted on " + day(e, "deleted_at")
          : "account closed on " + day(e, "closed_at");
      case RECORD_UNKNOWN -> "record missing from the records table";
      case MEMBER_MISMATCH -> "attributed to another member than its owner";
      case SENSITIVE_CONTEXT -> "posted in a " + categories(e.path("categories")) + " group since "
          + day(e, "categories_since");
      case DATA_ORIGIN_CUTOFF -> "collected on " + day(e, "record_created_at") + ", before the "
          + text(e, "region_group") + " cutoff of " + text(e, "data_origin_cutoff");
    };
  }

  /** "trade-union", "health and trade-union", "health, religious and trade-union". */
  static String categories(JsonNode list) {
    List<String> words = new ArrayList<>();
    list.forEach(c -> words.add(CATEGORIES.getOrDefault(c.asText(), c.asText().replace('_', ' '))));
    if (words.isEmpty()) {
      return "special-category";
    }
    String last = words.remove(words.size() - 1);
    return words.isEmpty() ? last : String.join(", ", words) + " and " + last;
  }

  private static String text(JsonNode evidence, String field) {
    JsonNode value = evidence.path(field);
    return value.isMissingNode() || value.isNull() ? "unknown" : value.asText();
  }

  /** The day of an instant (UTC), e.g. 2025-03-01. */
  private static String day(JsonNode evidence, String field) {
    String instant = text(evidence, field);
    return instant.length() >= 10 ? instant.substring(0, 10) : instant;
  }
}
