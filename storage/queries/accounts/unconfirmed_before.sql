SELECT CAST(id AS VARCHAR) FROM users WHERE confirmed_at IS NULL AND created_at < ?
