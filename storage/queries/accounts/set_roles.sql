UPDATE users SET roles = ? WHERE id = ?
