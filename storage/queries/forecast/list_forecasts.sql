SELECT id::VARCHAR, name, latest_version, created_at, updated_at
FROM forecasts WHERE user_id = ?
ORDER BY updated_at DESC, name
