-- A demo account: confirmed at once, with its roles.
INSERT INTO users (email, password_hash, first_name, last_name, company, roles, confirmed_at)
VALUES (?, ?, ?, ?, ?, ?, now())
