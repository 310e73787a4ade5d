-- Records that can be audited: required columns present and parsable, and a record_id held by no
-- other row (valid or not): of two rows with one id, which holds cannot be told, so neither does.
SELECT record_id, member_id, record_type, created_at, deleted_at, context_id
FROM (
  SELECT *, count(*) OVER (PARTITION BY record_id) AS copies
  FROM typed_records
)
WHERE record_id IS NOT NULL
  AND member_id IS NOT NULL
  AND record_type IS NOT NULL
  AND created_at IS NOT NULL
  AND NOT deleted_at_unparsable
  AND copies = 1
