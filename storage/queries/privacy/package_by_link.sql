SELECT e.id, e.stored_name
FROM dsr_exports e JOIN dsr_requests r ON r.id = e.request_id
WHERE r.reference = ? AND e.token_hash = ? AND e.expires_at > now()
