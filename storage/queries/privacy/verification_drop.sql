DELETE FROM dsr_verifications WHERE request_id = ?
