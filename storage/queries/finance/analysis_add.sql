INSERT INTO finance_analyses (user_id, name, company, siren, years, kind, payload)
VALUES (?, ?, ?, ?, ?, ?, ?)
RETURNING id
