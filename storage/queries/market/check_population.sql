SELECT count(*), count(*) FILTER (WHERE population IS NULL) FROM audience.market_population_staging;
