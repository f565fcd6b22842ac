SELECT DISTINCT naf25 FROM audience.market_establishments WHERE naf25 IS NOT NULL ORDER BY naf25;
