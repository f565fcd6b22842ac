SELECT id, source_table, reason, row_count, archived_at, expires_at
FROM privacy_legal_archive
ORDER BY archived_at DESC
