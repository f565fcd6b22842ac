DELETE FROM login_cookies WHERE session_hash = ?
