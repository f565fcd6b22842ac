-- The complete staging table replaces the current one (inside the import's transaction).
DROP TABLE audience.market_addresses;
ALTER TABLE audience.market_addresses_staging RENAME TO market_addresses;
