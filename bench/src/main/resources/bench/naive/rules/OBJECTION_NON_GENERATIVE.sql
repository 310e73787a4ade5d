-- A non-generative row of a member who objected to non-generative training, the objection in force
-- at capture. In collection_time mode, only a record collected since the objection began.
SELECT a.snapshot_id, a.record_id, a.copy, a.member_id
FROM audited_rows a
JOIN opt_out_at_capture o
  ON o.snapshot_id = a.snapshot_id AND o.record_id = a.record_id AND o.copy = a.copy AND o.channel = 'objection_non_generative'
WHERE a.purpose = 'non_generative'
  AND (:opt_out_mode = 'use_time' OR a.created_at >= o.since)
