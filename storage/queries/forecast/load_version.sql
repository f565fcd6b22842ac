-- One version of the owner's forecast: the given one, or the latest when the version is NULL.
SELECT v.version, v.plan
FROM forecast_versions v JOIN forecasts f ON f.id = v.forecast_id AND f.user_id = v.user_id
WHERE f.id = TRY_CAST(? AS UUID) AND f.user_id = ? AND v.version = coalesce(?, f.latest_version)
