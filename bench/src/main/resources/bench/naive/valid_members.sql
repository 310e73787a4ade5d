-- Members that can be audited: a member_id held by no other row (valid or not), and a birth date
-- and closure that parse when present.
SELECT member_id, birth_date, closed_at
FROM (
  SELECT *, count(*) OVER (PARTITION BY member_id) AS copies
  FROM typed_members
)
WHERE member_id IS NOT NULL
  AND NOT birth_date_unparsable
  AND NOT closed_at_unparsable
  AND copies = 1
