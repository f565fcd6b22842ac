-- The complete staging table replaces the current one (inside the import's transaction).
DROP TABLE audience.market_spending;
ALTER TABLE audience.market_spending_staging RENAME TO market_spending;
