DELETE FROM login_cookies WHERE user_id = ? AND kind = 'remember'
