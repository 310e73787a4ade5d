-- A generative row captured before 00:00 UTC of the effective date of the member's region group at
-- capture (a group without a date: never).
SELECT a.snapshot_id, a.record_id, a.copy, a.member_id
FROM audited_rows a
JOIN region_at_capture g ON g.snapshot_id = a.snapshot_id AND g.record_id = a.record_id AND g.copy = a.copy
JOIN policy_effective_date d ON d.region_group = g.region_group
WHERE a.purpose = 'generative'
  AND a.captured_at < CAST(d.effective_date AS TIMESTAMP)
