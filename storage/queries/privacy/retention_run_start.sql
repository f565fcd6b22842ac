INSERT INTO retention_runs (job, run_trigger, actor_id) VALUES (?, ?, ?) RETURNING id
