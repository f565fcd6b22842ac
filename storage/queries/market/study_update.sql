UPDATE market_studies SET name = ?, payload = ?, updated_at = now()
WHERE id = TRY_CAST(? AS UUID) AND user_id = ? RETURNING id;
