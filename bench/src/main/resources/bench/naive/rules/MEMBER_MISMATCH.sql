-- A row of a known record that the snapshot attributes to another member than the record's owner.
SELECT snapshot_id, record_id, copy, member_id
FROM audited_rows
WHERE record_known
  AND snapshot_member_id <> record_member_id
