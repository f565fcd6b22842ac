SELECT table_catalog, table_name, column_name FROM information_schema.columns WHERE table_schema = 'main' ORDER BY ALL
