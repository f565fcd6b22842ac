-- The complete staging table replaces the current one (inside the import's transaction).
DROP TABLE audience.market_population;
ALTER TABLE audience.market_population_staging RENAME TO market_population;
