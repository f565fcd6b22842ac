-- Parameters: the request id; expired only (true) or all (false).
SELECT id, stored_name FROM dsr_exports WHERE request_id = ? AND (NOT ? OR expires_at <= now())
