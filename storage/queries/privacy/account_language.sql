SELECT language FROM users WHERE CAST(id AS VARCHAR) = ?
