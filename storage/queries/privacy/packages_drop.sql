DELETE FROM dsr_exports WHERE request_id = ? AND (NOT ? OR expires_at <= now())
