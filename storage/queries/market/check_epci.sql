SELECT count(*), count(*) FILTER (WHERE commune IS NULL OR epci IS NULL) FROM audience.market_epci_staging;
