-- The complete staging table replaces the current one (inside the import's transaction).
DROP TABLE audience.market_establishments;
ALTER TABLE audience.market_establishments_staging RENAME TO market_establishments;
