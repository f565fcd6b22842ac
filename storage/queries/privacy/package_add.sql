INSERT INTO dsr_exports (request_id, token_hash, stored_name, expires_at) VALUES (?, ?, ?, ?)
