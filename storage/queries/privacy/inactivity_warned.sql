INSERT INTO inactivity_warnings (user_id, warned_at) VALUES (?, ?)
ON CONFLICT (user_id) DO UPDATE SET warned_at = excluded.warned_at
