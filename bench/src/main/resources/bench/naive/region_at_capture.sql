-- Per audited copy, the member's country and region group in force at captured_at: the latest
-- change at or before it.
SELECT snapshot_id, record_id, copy, country_code, region_group
FROM (
  SELECT a.snapshot_id,
         a.record_id,
         a.copy,
         g.country_code,
         g.region_group,
         row_number() OVER (PARTITION BY a.snapshot_id, a.record_id, a.copy ORDER BY g.effective_from DESC) AS latest
  FROM audited_rows a
  JOIN region_changes g ON g.member_id = a.member_id AND g.effective_from <= a.captured_at
)
WHERE latest = 1
