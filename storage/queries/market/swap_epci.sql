-- The complete staging table replaces the current one (inside the import's transaction).
DROP TABLE audience.market_epci;
ALTER TABLE audience.market_epci_staging RENAME TO market_epci;
