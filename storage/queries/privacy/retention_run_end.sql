UPDATE retention_runs SET finished_at = now(), rows_deleted = ?, status = ?, details = ? WHERE id = ?
