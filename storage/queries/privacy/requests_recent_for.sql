SELECT count(*) FROM dsr_requests WHERE subject_ref = ? AND received_at > now() - INTERVAL 1 DAY
