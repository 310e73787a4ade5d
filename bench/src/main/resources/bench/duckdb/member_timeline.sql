-- Per member, its whole state at each instant any of its histories changes: the region (country and
-- group) and, per consent channel, the latest change (opted out or withdrawn, and when). Each state
-- is carried forward from its latest change, so that one ASOF join reads them all at captured_at.
WITH regions AS (
  SELECT member_id,
         effective_from AS changed_at,
         {'country_code': country_code, 'region_group': region_group} AS region
  FROM region_changes
),
consent AS (
  -- a change is unique per member, channel and instant, so each max() sees at most one value
  SELECT member_id,
         event_time AS changed_at,
         max(CASE WHEN channel = 'generative_ai_setting'
                  THEN {'opted_out': opted_out, 'changed_at': event_time} END) AS setting,
         max(CASE WHEN channel = 'objection_generative'
                  THEN {'opted_out': opted_out, 'changed_at': event_time} END) AS objection_generative,
         max(CASE WHEN channel = 'objection_non_generative'
                  THEN {'opted_out': opted_out, 'changed_at': event_time} END) AS objection_non_generative
  FROM consent_changes
  GROUP BY member_id, event_time
),
instants AS (
  SELECT *
  FROM regions
  FULL OUTER JOIN consent USING (member_id, changed_at)
)
SELECT member_id,
       changed_at,
       last_value(region IGNORE NULLS) OVER history AS region,
       last_value(setting IGNORE NULLS) OVER history AS setting,
       last_value(objection_generative IGNORE NULLS) OVER history AS objection_generative,
       last_value(objection_non_generative IGNORE NULLS) OVER history AS objection_non_generative
FROM instants
WINDOW history AS (PARTITION BY member_id ORDER BY changed_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
