-- Every rule's findings with the member's region group at capture (null when unknown).
SELECT f.rule_id, f.severity, f.snapshot_id, f.record_id, f.member_id, g.region_group
FROM rule_findings f
LEFT JOIN region_at_capture g ON g.snapshot_id = f.snapshot_id AND g.record_id = f.record_id
