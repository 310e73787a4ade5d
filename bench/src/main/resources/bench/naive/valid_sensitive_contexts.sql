-- Context flags that can be audited: every column present and parsable. A table not configured is empty.
SELECT context_id, category, flagged, effective_from
FROM typed_sensitive_contexts
WHERE context_id IS NOT NULL
  AND category IS NOT NULL
  AND flagged IS NOT NULL
  AND effective_from IS NOT NULL
