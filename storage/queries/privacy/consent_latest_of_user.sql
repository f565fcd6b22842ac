SELECT CAST(consent_id AS VARCHAR), arg_max(CAST(decisions AS VARCHAR), created_at)
FROM consent_events
WHERE user_id = ?
GROUP BY consent_id
