-- One visibility per record and instant: on a tie the most protective wins
-- (hidden > private > connections > public).
SELECT record_id, effective_from, visibility
FROM (
  SELECT *,
         row_number() OVER (PARTITION BY record_id, effective_from
                            ORDER BY CASE visibility
                                       WHEN 'hidden' THEN 4
                                       WHEN 'private' THEN 3
                                       WHEN 'connections' THEN 2
                                       ELSE 1
                                     END DESC) AS rank
  FROM valid_record_visibility
)
WHERE rank = 1
