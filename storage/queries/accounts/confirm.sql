UPDATE users SET confirmed_at = coalesce(confirmed_at, now()) WHERE id = ?
