SELECT id::VARCHAR, name, company, siren, years, kind, created_at, updated_at
FROM finance_analyses
WHERE user_id = ?
ORDER BY updated_at DESC
