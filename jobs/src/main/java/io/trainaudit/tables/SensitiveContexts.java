package io.trainaudit.tables;

import static io.trainaudit.tables.ColumnSpec.required;

import java.util.List;

/**
 * sensitive_contexts (optional table): the history of groups, pages and events flagged as holding
 * a special category of data (GDPR Art. 9). Each (context_id, category) is its own history.
 */
public final class SensitiveContexts {
  public static final String CONTEXT_ID = "context_id";
  public static final String CATEGORY = "category";
  public static final String FLAGGED = "flagged";
  public static final String EFFECTIVE_FROM = "effective_from";

  public static final TableSchema SCHEMA =
      TableSchema.of(
          "sensitive_contexts",
          required(CONTEXT_ID, ColumnType.STRING),
          required(CATEGORY, ColumnType.STRING),
          required(FLAGGED, ColumnType.BOOLEAN),
          required(EFFECTIVE_FROM, ColumnType.TIMESTAMP));

  static List<RowCheck> checks() {
    return List.of();
  }

  private SensitiveContexts() {}
}
