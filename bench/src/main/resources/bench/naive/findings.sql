-- Every rule's findings, one per (rule, snapshot, record): of the copies that yield it, the first,
-- with the member's region group at that copy's capture (null when unknown).
SELECT rule_id, severity, snapshot_id, record_id, member_id, region_group
FROM (
  SELECT f.rule_id, f.severity, f.snapshot_id, f.record_id, f.member_id, g.region_group,
         row_number() OVER (PARTITION BY f.rule_id, f.snapshot_id, f.record_id ORDER BY f.copy) AS first
  FROM rule_findings f
  LEFT JOIN region_at_capture g ON g.snapshot_id = f.snapshot_id AND g.record_id = f.record_id AND g.copy = f.copy
)
WHERE first = 1
