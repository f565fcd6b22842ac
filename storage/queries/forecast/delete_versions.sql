DELETE FROM forecast_versions WHERE forecast_id = TRY_CAST(? AS UUID) AND user_id = ?
