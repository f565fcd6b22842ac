INSERT INTO users (email, password_hash, first_name, last_name, company, siren, language)
VALUES (?, ?, ?, ?, ?, ?, ?)
