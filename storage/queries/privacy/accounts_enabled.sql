SELECT CAST(id AS VARCHAR), email, language FROM users WHERE disabled_at IS NULL
