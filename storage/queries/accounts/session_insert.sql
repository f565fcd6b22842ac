INSERT INTO login_cookies (user_id, exp_date, session_hash, kind) VALUES (?, ?, ?, ?)
