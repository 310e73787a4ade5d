-- Consent events that can be audited: required columns present and parsable, a channel of the
-- vocabulary. event_id is not checked for uniqueness: copies of an event collapse at their instant.
SELECT event_id, member_id, channel, opted_out, event_time, source
FROM typed_consent_events
WHERE event_id IS NOT NULL
  AND member_id IS NOT NULL
  AND channel IS NOT NULL
  AND opted_out IS NOT NULL
  AND event_time IS NOT NULL
  AND NOT source_unparsable
  AND channel IN ('generative_ai_setting', 'objection_generative', 'objection_non_generative')
