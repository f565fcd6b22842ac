SELECT count(*), count(*) FILTER (WHERE spending IS NULL) FROM audience.market_spending_staging;
