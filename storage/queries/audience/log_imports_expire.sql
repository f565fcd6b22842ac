DELETE FROM audience.log_imports WHERE imported_at < ?
