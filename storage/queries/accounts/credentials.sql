-- What streamlit-authenticator needs per enabled account, with its recent failures.
-- Parameters: failures since, then the one address wanted (NULL: every account), twice.
SELECT u.email, u.password_hash, u.first_name, u.last_name, u.roles,
       (SELECT count(*) FROM login_failures f WHERE f.user_id = u.id AND f.failed_at > ?)
FROM users u
WHERE u.disabled_at IS NULL AND (? IS NULL OR u.email = ?)
