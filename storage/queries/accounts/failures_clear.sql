DELETE FROM login_failures WHERE user_id = ?
