SELECT count(*), count(*) FILTER (WHERE typequ IS NULL OR commune IS NULL) FROM audience.market_bpe_staging;
