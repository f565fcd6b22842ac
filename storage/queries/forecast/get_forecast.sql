SELECT id::VARCHAR, name, latest_version, created_at, updated_at
FROM forecasts WHERE id = TRY_CAST(? AS UUID) AND user_id = ?
