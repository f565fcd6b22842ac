DELETE FROM market_studies WHERE id = TRY_CAST(? AS UUID) AND user_id = ? RETURNING id;
