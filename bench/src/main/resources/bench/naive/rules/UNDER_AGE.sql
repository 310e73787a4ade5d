-- A row of a member who had not reached the minimum age (birthday at 00:00 UTC, by adding months as
-- LocalDate.plusYears does) at the earlier of the record's collection and the capture.
SELECT a.snapshot_id, a.record_id, a.copy, a.member_id
FROM audited_rows a
JOIN valid_members m ON m.member_id = a.member_id
WHERE m.birth_date IS NOT NULL
  AND least(a.created_at, a.captured_at) < CAST(add_months(m.birth_date, 12 * :minimum_age) AS TIMESTAMP)
