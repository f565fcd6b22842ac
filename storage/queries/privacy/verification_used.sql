UPDATE dsr_verifications SET used_at = ? WHERE request_id = ?
