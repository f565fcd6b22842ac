-- The owner's forecast gets one more version; nothing is returned for someone else's forecast.
UPDATE forecasts SET latest_version = latest_version + 1, name = ?, updated_at = now()
WHERE id = TRY_CAST(? AS UUID) AND user_id = ?
RETURNING latest_version
