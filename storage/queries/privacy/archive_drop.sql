DELETE FROM privacy_legal_archive WHERE id = ?
