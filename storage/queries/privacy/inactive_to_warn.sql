-- Accounts inactive since the limit, not warned since their last activity. Parameter: activity limit.
SELECT CAST(u.id AS VARCHAR), u.email, u.language
FROM users u LEFT JOIN inactivity_warnings w ON w.user_id = u.id
WHERE u.last_active_at <= ? AND (w.user_id IS NULL OR w.warned_at < u.last_active_at)
