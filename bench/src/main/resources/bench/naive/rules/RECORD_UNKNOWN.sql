-- A row whose record_id is not among the valid records.
SELECT snapshot_id, record_id, copy, member_id
FROM audited_rows
WHERE NOT record_known
