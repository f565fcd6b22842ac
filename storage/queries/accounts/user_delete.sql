DELETE FROM users WHERE id = ?
