SELECT id, email, first_name, last_name, company, siren, roles, language,
       confirmed_at IS NOT NULL, disabled_at IS NOT NULL, created_at, last_active_at
FROM users WHERE id = TRY_CAST(? AS UUID)
