SELECT lower(email) FROM users WHERE CAST(id AS VARCHAR) = ?
