-- rows, and rows whose key fields did not parse
SELECT count(*), count(*) FILTER (WHERE siret IS NULL OR length(siret) <> 14) FROM audience.market_establishments_staging;
