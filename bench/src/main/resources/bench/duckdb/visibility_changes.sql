-- One visibility per record and instant: on a tie the most protective wins
-- (hidden > private > connections > public).
SELECT record_id,
       effective_from,
       arg_max(visibility, list_position(['public', 'connections', 'private', 'hidden'], visibility)) AS visibility
FROM valid_record_visibility
GROUP BY record_id, effective_from
