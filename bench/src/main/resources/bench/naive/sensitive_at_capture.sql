-- Per audited copy posted in a context, each category of the policy flagged on that context at
-- captured_at: per category, the latest change at or before it, if it flags.
SELECT snapshot_id, record_id, copy, category
FROM (
  SELECT a.snapshot_id,
         a.record_id,
         a.copy,
         c.category,
         c.flagged,
         row_number() OVER (PARTITION BY a.snapshot_id, a.record_id, a.copy, c.category
                            ORDER BY c.effective_from DESC) AS latest
  FROM audited_rows a
  JOIN context_changes c ON c.context_id = a.context_id AND c.effective_from <= a.captured_at
)
WHERE latest = 1 AND flagged
