DELETE FROM forecasts WHERE id = TRY_CAST(? AS UUID) AND user_id = ? RETURNING id
