-- Region rows that can be audited: every column present and parsable, an ISO 3166-1 alpha-2 code.
SELECT member_id, country_code, effective_from
FROM typed_member_regions
WHERE member_id IS NOT NULL
  AND country_code IS NOT NULL
  AND effective_from IS NOT NULL
  AND country_code RLIKE '^[A-Z]{2}\\z'
