-- One country per member and instant, with its region group (OTHER when in none): on a tie a
-- country whose group is affiliate-protected wins, then the smallest code.
SELECT member_id, effective_from, country_code, region_group
FROM (
  SELECT r.member_id,
         r.effective_from,
         r.country_code,
         coalesce(g.region_group, :other_group) AS region_group,
         row_number() OVER (PARTITION BY r.member_id, r.effective_from
                            ORDER BY CASE WHEN p.region_group IS NOT NULL THEN 0 ELSE 1 END, r.country_code) AS rank
  FROM valid_member_regions r
  LEFT JOIN policy_region_group g ON g.country_code = r.country_code
  LEFT JOIN policy_protected_group p ON p.region_group = coalesce(g.region_group, :other_group)
)
WHERE rank = 1
