SELECT stored_name FROM dsr_identity_docs WHERE id = ?
