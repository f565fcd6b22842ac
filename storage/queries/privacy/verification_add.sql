INSERT INTO dsr_verifications (request_id, token_hash, code_hash, created_at, expires_at)
VALUES (?, ?, ?, ?, ?)
