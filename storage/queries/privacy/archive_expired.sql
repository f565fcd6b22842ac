SELECT id, stored_name FROM privacy_legal_archive WHERE expires_at <= ?
