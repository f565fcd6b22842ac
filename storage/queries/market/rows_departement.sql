-- Establishments (active and closed) of one code in one département.
SELECT siret, naf, naf25, commune, departement, active, headcount, created, state_since, name, partial, lon, lat, geo_quality, geo_precision
FROM audience.market_establishments
WHERE naf = ? AND departement = ?;
