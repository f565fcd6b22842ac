UPDATE users SET first_name = ?, last_name = ?, company = ?, siren = ?, language = ? WHERE id = ?
