DELETE FROM dsr_verifications WHERE used_at IS NOT NULL OR expires_at <= ? OR attempts >= ?
