INSERT INTO forecast_versions (forecast_id, version, user_id, note, plan) VALUES (TRY_CAST(? AS UUID), ?, ?, ?, ?)
