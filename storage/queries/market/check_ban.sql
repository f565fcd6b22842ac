SELECT count(*), count(*) FILTER (WHERE commune IS NULL OR street_key IS NULL OR lat IS NULL OR lon IS NULL)
FROM audience.market_addresses_staging;
