-- ClickHouse version of ../0160_log_import_heads.sql.
ALTER TABLE audience.log_imports ADD COLUMN IF NOT EXISTS head_digest Nullable(String);
