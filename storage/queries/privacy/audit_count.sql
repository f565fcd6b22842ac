SELECT count(*) FROM dsr_audit WHERE request_ref = ? AND action = ?
