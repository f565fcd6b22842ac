SELECT count(*)
FROM users u JOIN inactivity_warnings w ON w.user_id = u.id
WHERE u.last_active_at <= ? AND w.warned_at > u.last_active_at
