SELECT token_hash, code_hash, expires_at, attempts, used_at FROM dsr_verifications WHERE request_id = ?
