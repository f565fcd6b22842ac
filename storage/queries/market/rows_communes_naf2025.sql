-- Establishments (active and closed) of one code in a list of communes. The table is sorted by
-- naf25 only through naf (the NAF 2025 code is not the sort key: this reads more).
SELECT siret, naf, naf25, commune, departement, active, headcount, created, state_since, name, partial, lon, lat, geo_quality, geo_precision
FROM audience.market_establishments
WHERE naf25 = ? AND list_contains(?::VARCHAR[], commune);
