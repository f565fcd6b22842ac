UPDATE users SET last_active_at = ? WHERE id = ?
