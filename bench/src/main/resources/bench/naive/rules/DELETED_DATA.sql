-- A record deleted, or a member's account closed, at or before capture.
SELECT a.snapshot_id, a.record_id, a.copy, a.member_id
FROM audited_rows a
LEFT JOIN valid_members m ON m.member_id = a.member_id
WHERE a.deleted_at <= a.captured_at
   OR m.closed_at <= a.captured_at
