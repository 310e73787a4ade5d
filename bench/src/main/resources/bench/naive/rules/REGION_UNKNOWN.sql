-- A row a region rule applies to (generative, or shared with an affiliate for a covered purpose)
-- whose member has no region in force at capture.
SELECT a.snapshot_id, a.record_id, a.copy, a.member_id
FROM audited_rows a
LEFT JOIN region_at_capture g ON g.snapshot_id = a.snapshot_id AND g.record_id = a.record_id AND g.copy = a.copy
WHERE g.region_group IS NULL
  AND (a.purpose = 'generative'
       OR (a.recipient <> :internal_recipient AND a.purpose IN (SELECT purpose FROM policy_affiliate_purpose)))
