-- The complete staging table replaces the current one (inside the import's transaction).
DROP TABLE audience.market_commune_centres;
ALTER TABLE audience.market_commune_centres_staging RENAME TO market_commune_centres;
