-- Parameters: the request reference (NULL: every event), twice; the row limit.
SELECT occurred_at, actor_id, actor_kind, action, subject_ref, request_ref, details
FROM dsr_audit
WHERE ? IS NULL OR request_ref = ?
ORDER BY occurred_at DESC
LIMIT ?
