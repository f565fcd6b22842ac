SELECT id, media_type FROM dsr_identity_docs WHERE request_id = ? ORDER BY uploaded_at
