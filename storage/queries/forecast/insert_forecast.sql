-- A new forecast (its first version is inserted beside it, in the same transaction).
INSERT INTO forecasts (user_id, name, latest_version) VALUES (?, ?, 1) RETURNING id::VARCHAR
