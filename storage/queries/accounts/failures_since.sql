SELECT count(*) FROM login_failures WHERE user_id = ? AND failed_at > ?
