DELETE FROM login_cookies WHERE user_id = ? AND exp_date = ?
