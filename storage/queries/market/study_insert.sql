INSERT INTO market_studies (user_id, name, payload) VALUES (?, ?, ?) RETURNING id;
