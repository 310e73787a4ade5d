-- Per audited copy, the record's visibility in force at captured_at: the latest change at or before it.
SELECT snapshot_id, record_id, copy, visibility
FROM (
  SELECT a.snapshot_id,
         a.record_id,
         a.copy,
         v.visibility,
         row_number() OVER (PARTITION BY a.snapshot_id, a.record_id, a.copy ORDER BY v.effective_from DESC) AS latest
  FROM audited_rows a
  JOIN visibility_changes v ON v.record_id = a.record_id AND v.effective_from <= a.captured_at
)
WHERE latest = 1
