SELECT id::VARCHAR, name, created_at, updated_at FROM market_studies WHERE user_id = ? ORDER BY updated_at DESC;
