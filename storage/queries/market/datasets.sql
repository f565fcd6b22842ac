SELECT kind, source_name, file_date, row_count, demo, imported_at FROM audience.market_datasets ORDER BY kind;
