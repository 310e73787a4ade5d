-- Each audited copy once, with every fact as of its captured_at. One row per distinct valid copy of
-- each (snapshot_id, record_id), numbered in the order (captured_at, purpose, recipient, member_id):
-- every copy is judged, and a finding keeps the first copy that yields it. The audited member is the record's owner when the record is known, else the
-- snapshot's member; an unknown record is taken to have been collected at capture. Histories are
-- read with ASOF joins (the latest change at or before captured_at, ties already collapsed): one
-- for the record's visibility, one for the member's region and consent together, and one per category
-- of the policy for the flags of the context the record was posted in.
WITH audited AS (
  SELECT *,
         row_number() OVER (PARTITION BY snapshot_id, record_id
                            ORDER BY captured_at, purpose, recipient, member_id) AS copy
  FROM (SELECT DISTINCT snapshot_id, captured_at, purpose, recipient, record_id, member_id
        FROM valid_training_snapshots)
),
with_record AS (
  SELECT a.snapshot_id,
         a.captured_at,
         a.purpose,
         a.recipient,
         a.record_id,
         a.copy,
         a.member_id AS snapshot_member_id,
         r.member_id AS record_member_id,
         r.record_id IS NOT NULL AS record_known,
         coalesce(r.member_id, a.member_id) AS member_id,
         r.record_type,
         coalesce(r.created_at, a.captured_at) AS created_at,
         r.deleted_at,
         r.context_id
  FROM audited a
  LEFT JOIN valid_records r ON r.record_id = a.record_id
),
sensitive AS (
  -- per copy posted in a context: whether a category of the policy is flagged there at capture
  SELECT w.snapshot_id, w.record_id, w.copy, bool_or(c.flagged) AS sensitive_context
  FROM (SELECT * FROM with_record WHERE context_id IS NOT NULL) w
  CROSS JOIN policy_sensitive_category p
  ASOF JOIN context_changes c
    ON c.context_id = w.context_id AND c.category = p.category AND w.captured_at >= c.effective_from
  GROUP BY w.snapshot_id, w.record_id, w.copy
)
SELECT w.*,
       coalesce(s.sensitive_context, false) AS sensitive_context,
       m.birth_date,
       m.closed_at,
       v.visibility,
       t.region.country_code,
       t.region.region_group,
       CASE WHEN t.setting.opted_out THEN t.setting.changed_at END AS setting_opted_out_since,
       CASE WHEN t.objection_generative.opted_out THEN t.objection_generative.changed_at END
         AS objection_generative_opted_out_since,
       CASE WHEN t.objection_non_generative.opted_out THEN t.objection_non_generative.changed_at END
         AS objection_non_generative_opted_out_since
FROM with_record w
LEFT JOIN sensitive s ON s.snapshot_id = w.snapshot_id AND s.record_id = w.record_id AND s.copy = w.copy
LEFT JOIN valid_members m ON m.member_id = w.member_id
ASOF LEFT JOIN visibility_changes v
  ON v.record_id = w.record_id AND w.captured_at >= v.effective_from
ASOF LEFT JOIN member_timeline t
  ON t.member_id = w.member_id AND w.captured_at >= t.changed_at
