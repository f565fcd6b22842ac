INSERT OR REPLACE INTO audience.market_datasets (kind, source_name, file_date, row_count, demo, imported_at)
VALUES (?, ?, ?, ?, ?, now());
