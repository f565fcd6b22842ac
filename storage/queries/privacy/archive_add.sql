INSERT INTO privacy_legal_archive (subject_ref, source_table, reason, stored_name, row_count, expires_at)
VALUES (?, ?, ?, ?, ?, ?)
