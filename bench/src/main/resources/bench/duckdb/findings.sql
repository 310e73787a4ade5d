-- Every rule evaluated in one pass over the enriched rows: one boolean per rule, unpivoted into
-- one finding per rule that holds. A missing fact is no finding (coalesce to false), except under
-- the rules that report it.
WITH facts AS (
  SELECT e.*,
         least(e.setting_opted_out_since, e.objection_generative_opted_out_since) AS generative_opted_out_since,
         e.recipient <> getvariable('internal_recipient')
           AND e.purpose IN (SELECT purpose FROM policy_affiliate_purpose) AS shared_with_affiliate,
         e.record_type IN (SELECT record_type FROM policy_excluded_type) AS excluded_type,
         d.effective_date,
         o.cutoff_date
  FROM enriched e
  LEFT JOIN policy_effective_date d ON d.region_group = e.region_group
  LEFT JOIN policy_data_origin_cutoff o ON o.region_group = e.region_group
),
rules AS (
  SELECT snapshot_id, record_id, copy, member_id, region_group,
         coalesce(purpose = 'generative'
                  AND generative_opted_out_since IS NOT NULL
                  AND (getvariable('opt_out_mode') = 'use_time' OR created_at >= generative_opted_out_since),
                  false) AS OPT_OUT_GENERATIVE,
         coalesce(purpose = 'non_generative'
                  AND objection_non_generative_opted_out_since IS NOT NULL
                  AND (getvariable('opt_out_mode') = 'use_time'
                       OR created_at >= objection_non_generative_opted_out_since),
                  false) AS OBJECTION_NON_GENERATIVE,
         coalesce(least(created_at, captured_at) < birth_date + to_years(getvariable('minimum_age')),
                  false) AS UNDER_AGE,
         birth_date IS NULL AS AGE_UNKNOWN,
         record_known
           AND (excluded_type OR coalesce(visibility IN (SELECT visibility FROM policy_private_visibility), false))
           AS PRIVATE_CONTENT,
         record_known AND NOT excluded_type AND visibility IS NULL AS VISIBILITY_UNKNOWN,
         coalesce(shared_with_affiliate
                  AND region_group IN (SELECT region_group FROM policy_protected_group)
                  AND NOT EXISTS (SELECT 1 FROM policy_allowed_type t
                                  WHERE t.region_group = facts.region_group AND t.record_type = facts.record_type),
                  false) AS AFFILIATE_SHARE_PROTECTED,
         coalesce(purpose = 'generative' AND captured_at < CAST(effective_date AS TIMESTAMP),
                  false) AS BEFORE_EFFECTIVE_DATE,
         coalesce(region_group IS NULL AND (purpose = 'generative' OR shared_with_affiliate),
                  false) AS REGION_UNKNOWN,
         coalesce(deleted_at <= captured_at, false) OR coalesce(closed_at <= captured_at, false) AS DELETED_DATA,
         NOT record_known AS RECORD_UNKNOWN,
         record_known AND snapshot_member_id <> record_member_id AS MEMBER_MISMATCH,
         record_known AND sensitive_context AS SENSITIVE_CONTEXT,
         coalesce(purpose = 'generative' AND created_at < CAST(cutoff_date AS TIMESTAMP), false) AS DATA_ORIGIN_CUTOFF
  FROM facts
)
-- One finding per (rule, snapshot, record): of the copies that yield it, the first.
SELECT f.rule_id, s.severity, f.snapshot_id, f.record_id, arg_min(f.member_id, f.copy) AS member_id,
       arg_min(f.region_group, f.copy) AS region_group
FROM (
  UNPIVOT rules
  ON OPT_OUT_GENERATIVE, OBJECTION_NON_GENERATIVE, UNDER_AGE, AGE_UNKNOWN, PRIVATE_CONTENT, VISIBILITY_UNKNOWN,
     AFFILIATE_SHARE_PROTECTED, BEFORE_EFFECTIVE_DATE, REGION_UNKNOWN, DELETED_DATA, RECORD_UNKNOWN, MEMBER_MISMATCH,
     SENSITIVE_CONTEXT, DATA_ORIGIN_CUTOFF
  INTO NAME rule_id VALUE holds
) f
JOIN rule_severity s ON s.rule_id = f.rule_id
WHERE f.holds
GROUP BY f.rule_id, s.severity, f.snapshot_id, f.record_id
