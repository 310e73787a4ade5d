-- Visibility rows that can be audited: every column present and parsable, a visibility of the vocabulary.
SELECT record_id, visibility, effective_from
FROM typed_record_visibility
WHERE record_id IS NOT NULL
  AND visibility IS NOT NULL
  AND effective_from IS NOT NULL
  AND visibility IN ('public', 'connections', 'private', 'hidden')
