-- A known record posted in a context that holds, at capture, a flagged category of the policy.
SELECT DISTINCT a.snapshot_id, a.record_id, a.copy, a.member_id
FROM audited_rows a
JOIN sensitive_at_capture s ON s.snapshot_id = a.snapshot_id AND s.record_id = a.record_id AND s.copy = a.copy
WHERE a.record_known
