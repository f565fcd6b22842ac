SELECT state, paused_since, paused_seconds FROM dsr_requests WHERE id = ?
