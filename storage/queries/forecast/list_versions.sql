SELECT v.version, v.note, v.created_at
FROM forecast_versions v JOIN forecasts f ON f.id = v.forecast_id AND f.user_id = v.user_id
WHERE f.id = TRY_CAST(? AS UUID) AND f.user_id = ?
ORDER BY v.version DESC
