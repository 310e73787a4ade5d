-- Per member and channel, the events that change the state: events at one instant collapse to
-- opted out, and an event repeating the state before it (no event: not opted out) is dropped, so
-- an opting-out change is the start of its opt-out run.
WITH collapsed AS (
  SELECT member_id, channel, event_time, bool_or(opted_out) AS opted_out
  FROM valid_consent_events
  GROUP BY member_id, channel, event_time
)
SELECT member_id, channel, event_time, opted_out
FROM collapsed
QUALIFY opted_out <> coalesce(lag(opted_out) OVER (PARTITION BY member_id, channel ORDER BY event_time), false)
