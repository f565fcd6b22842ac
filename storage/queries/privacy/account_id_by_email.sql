SELECT CAST(id AS VARCHAR) FROM users WHERE lower(email) = ?
