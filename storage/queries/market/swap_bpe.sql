-- The complete staging table replaces the current one (inside the import's transaction).
DROP TABLE audience.market_bpe;
ALTER TABLE audience.market_bpe_staging RENAME TO market_bpe;
