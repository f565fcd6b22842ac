SELECT count(*), count(*) FILTER (WHERE commune IS NULL OR departement IS NULL) FROM audience.market_communes_staging;
