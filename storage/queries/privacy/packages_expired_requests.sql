SELECT DISTINCT CAST(request_id AS VARCHAR) FROM dsr_exports WHERE expires_at <= now()
