SELECT job, run_trigger, started_at, finished_at, rows_deleted, status, details
FROM retention_runs
ORDER BY started_at DESC
LIMIT ?
