-- Parameter: include the handled requests (true) or only the open ones (false).
SELECT id::VARCHAR AS id, created_at, name, email, company, topic, message, handled_at
FROM contact_requests
WHERE ? OR handled_at IS NULL
ORDER BY created_at DESC
