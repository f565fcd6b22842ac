-- The complete staging table replaces the current one (inside the import's transaction).
DROP TABLE audience.market_geo;
ALTER TABLE audience.market_geo_staging RENAME TO market_geo;
