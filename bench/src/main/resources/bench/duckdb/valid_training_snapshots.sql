-- Training rows that can be audited: every column present and parsable, a purpose of the vocabulary.
SELECT snapshot_id, captured_at, purpose, recipient, record_id, member_id
FROM typed_training_snapshots
WHERE snapshot_id IS NOT NULL
  AND captured_at IS NOT NULL
  AND purpose IS NOT NULL
  AND recipient IS NOT NULL
  AND record_id IS NOT NULL
  AND member_id IS NOT NULL
  AND purpose IN ('generative', 'non_generative')
