-- A known record, not excluded by its type, with no visibility in force at capture.
SELECT a.snapshot_id, a.record_id, a.copy, a.member_id
FROM audited_rows a
LEFT JOIN visibility_at_capture v ON v.snapshot_id = a.snapshot_id AND v.record_id = a.record_id AND v.copy = a.copy
WHERE a.record_known
  AND a.record_type NOT IN (SELECT record_type FROM policy_excluded_type)
  AND v.visibility IS NULL
