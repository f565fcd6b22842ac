INSERT INTO dsr_identity_docs (request_id, stored_name, media_type) VALUES (?, ?, ?) RETURNING id
