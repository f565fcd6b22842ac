-- The account behind a login cookie still honoured: listed, not past its deadline, account enabled.
SELECT u.email, c.kind, c.exp_date
FROM login_cookies c JOIN users u ON u.id = c.user_id
WHERE c.session_hash = ? AND c.exp_date > ? AND u.disabled_at IS NULL
