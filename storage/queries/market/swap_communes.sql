-- The complete staging table replaces the current one (inside the import's transaction).
DROP TABLE audience.market_communes;
ALTER TABLE audience.market_communes_staging RENAME TO market_communes;
