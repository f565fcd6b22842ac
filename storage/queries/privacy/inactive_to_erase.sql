-- Accounts inactive since the limit, warned after their last activity, the warning older than its notice.
-- Parameters: activity limit, latest warning date.
SELECT CAST(u.id AS VARCHAR)
FROM users u JOIN inactivity_warnings w ON w.user_id = u.id
WHERE u.last_active_at <= ? AND w.warned_at > u.last_active_at AND w.warned_at <= ?
