UPDATE users SET disabled_at = CASE WHEN ? THEN now() END WHERE id = ?
