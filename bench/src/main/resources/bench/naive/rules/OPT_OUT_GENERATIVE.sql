-- A generative row of a member opted out at capture on the settings toggle or the generative
-- objection. In collection_time mode, only a record collected since the opt-out began (with both
-- channels opted out, the earlier start).
SELECT a.snapshot_id, a.record_id, a.copy, a.member_id
FROM audited_rows a
JOIN (
  SELECT snapshot_id, record_id, copy, min(since) AS since
  FROM opt_out_at_capture
  WHERE channel IN ('generative_ai_setting', 'objection_generative')
  GROUP BY snapshot_id, record_id, copy
) o ON o.snapshot_id = a.snapshot_id AND o.record_id = a.record_id AND o.copy = a.copy
WHERE a.purpose = 'generative'
  AND (:opt_out_mode = 'use_time' OR a.created_at >= o.since)
