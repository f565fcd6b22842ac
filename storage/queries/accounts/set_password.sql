UPDATE users SET password_hash = ? WHERE id = ?
