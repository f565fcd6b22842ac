-- Establishments (active and closed) of one code in a list of communes. The table is sorted by
-- naf then commune: only the row groups of that code are read.
SELECT siret, naf, naf25, commune, departement, active, headcount, created, state_since, name, partial, lon, lat, geo_quality, geo_precision
FROM audience.market_establishments
WHERE naf = ? AND list_contains(?::VARCHAR[], commune);
