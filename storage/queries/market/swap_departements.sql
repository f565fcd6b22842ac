-- The complete staging table replaces the current one (inside the import's transaction).
DROP TABLE audience.market_departements;
ALTER TABLE audience.market_departements_staging RENAME TO market_departements;
