SELECT max(started_at) FROM retention_runs WHERE run_trigger = 'schedule'
