SELECT policy_version, CAST(decisions AS VARCHAR), created_at
FROM consent_events
WHERE consent_id = TRY_CAST(? AS UUID)
ORDER BY created_at DESC
LIMIT 1
