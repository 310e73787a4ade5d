-- A row of a member whose birth date is unknown: absent from members, quarantined there, or null.
SELECT a.snapshot_id, a.record_id, a.copy, a.member_id
FROM audited_rows a
LEFT JOIN valid_members m ON m.member_id = a.member_id
WHERE m.birth_date IS NULL
