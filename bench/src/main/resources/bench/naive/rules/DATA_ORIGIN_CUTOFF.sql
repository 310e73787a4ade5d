-- A generative row of a record collected before 00:00 UTC of the cutoff day of the member's region
-- group at capture (a group without a day: never; an unknown record: collected at capture).
SELECT a.snapshot_id, a.record_id, a.copy, a.member_id
FROM audited_rows a
JOIN region_at_capture g ON g.snapshot_id = a.snapshot_id AND g.record_id = a.record_id AND g.copy = a.copy
JOIN policy_data_origin_cutoff d ON d.region_group = g.region_group
WHERE a.purpose = 'generative'
  AND a.created_at < CAST(d.cutoff_date AS TIMESTAMP)
