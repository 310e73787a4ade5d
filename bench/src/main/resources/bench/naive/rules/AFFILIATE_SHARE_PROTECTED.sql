-- A row shared with an affiliate for a covered purpose, of a member whose region group at capture is
-- protected, unless the policy allows the record's type for that group (an unknown record's type is
-- unknown, so never allowed).
SELECT a.snapshot_id, a.record_id, a.copy, a.member_id
FROM audited_rows a
JOIN region_at_capture g ON g.snapshot_id = a.snapshot_id AND g.record_id = a.record_id AND g.copy = a.copy
WHERE a.recipient <> :internal_recipient
  AND a.purpose IN (SELECT purpose FROM policy_affiliate_purpose)
  AND g.region_group IN (SELECT region_group FROM policy_protected_group)
  AND NOT EXISTS (
    SELECT 1
    FROM policy_allowed_type t
    WHERE t.region_group = g.region_group AND t.record_type = a.record_type)
