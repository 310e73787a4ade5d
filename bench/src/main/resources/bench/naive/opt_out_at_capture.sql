-- Per audited copy and channel on which the member is opted out at captured_at: since when (the
-- start of the opt-out run in force, i.e. the latest change at or before captured_at, if it opts out).
SELECT snapshot_id, record_id, copy, channel, event_time AS since
FROM (
  SELECT a.snapshot_id,
         a.record_id,
         a.copy,
         c.channel,
         c.event_time,
         c.opted_out,
         row_number() OVER (PARTITION BY a.snapshot_id, a.record_id, a.copy, c.channel ORDER BY c.event_time DESC) AS latest
  FROM audited_rows a
  JOIN consent_changes c ON c.member_id = a.member_id AND c.event_time <= a.captured_at
)
WHERE latest = 1 AND opted_out
