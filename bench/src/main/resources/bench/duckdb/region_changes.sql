-- One country per member and instant, with its region group (OTHER when in none): on a tie a
-- country whose group is affiliate-protected wins, then the smallest code.
WITH grouped AS (
  SELECT r.member_id,
         r.effective_from,
         r.country_code,
         coalesce(g.region_group, getvariable('other_group')) AS region_group
  FROM valid_member_regions r
  LEFT JOIN policy_region_group g ON g.country_code = r.country_code
)
SELECT r.member_id, r.effective_from, r.country_code, r.region_group
FROM grouped r
LEFT JOIN policy_protected_group p ON p.region_group = r.region_group
QUALIFY row_number() OVER (
  PARTITION BY r.member_id, r.effective_from
  ORDER BY p.region_group IS NOT NULL DESC, r.country_code) = 1
