-- An import that failed after building its staging table: the table is dropped.
DROP TABLE IF EXISTS audience.market_addresses_staging;
