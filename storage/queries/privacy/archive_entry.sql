SELECT stored_name, subject_ref FROM privacy_legal_archive WHERE id = ?
