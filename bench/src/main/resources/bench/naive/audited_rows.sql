-- One audited row per distinct valid copy of each (snapshot_id, record_id), numbered by copy in the
-- order (captured_at, purpose, recipient, member_id): every copy is judged, and a finding keeps the
-- first copy that yields it. Each copy comes with its record's facts. The audited member is the
-- record's owner when the record is known, else the snapshot's member; an unknown record is taken
-- to have been collected at capture, and posted in no context.
SELECT t.snapshot_id,
       t.captured_at,
       t.purpose,
       t.recipient,
       t.record_id,
       t.copy,
       t.member_id AS snapshot_member_id,
       r.member_id AS record_member_id,
       r.record_id IS NOT NULL AS record_known,
       coalesce(r.member_id, t.member_id) AS member_id,
       r.record_type,
       coalesce(r.created_at, t.captured_at) AS created_at,
       r.deleted_at,
       r.context_id
FROM (
  SELECT *,
         row_number() OVER (PARTITION BY snapshot_id, record_id
                            ORDER BY captured_at, purpose, recipient, member_id) AS copy
  FROM (SELECT DISTINCT snapshot_id, captured_at, purpose, recipient, record_id, member_id
        FROM valid_training_snapshots)
) t
LEFT JOIN valid_records r ON r.record_id = t.record_id
