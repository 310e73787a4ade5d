-- One state per context, category of the policy and instant: each (context, category) is its own
-- history, and a flag and its lifting at one instant collapse to flagged.
SELECT context_id, category, effective_from, bool_or(flagged) AS flagged
FROM valid_sensitive_contexts
WHERE category IN (SELECT category FROM policy_sensitive_category)
GROUP BY context_id, category, effective_from
