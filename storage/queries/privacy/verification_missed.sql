UPDATE dsr_verifications SET attempts = attempts + 1 WHERE request_id = ?
