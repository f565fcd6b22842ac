DELETE FROM finance_analyses WHERE id = TRY_CAST(? AS UUID) AND user_id = ? RETURNING id
