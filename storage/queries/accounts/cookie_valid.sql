SELECT count(*) FROM login_cookies c JOIN users u ON u.id = c.user_id
WHERE u.email = ? AND c.exp_date = ? AND u.disabled_at IS NULL AND c.exp_date > epoch(now())
