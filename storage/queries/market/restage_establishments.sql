-- A new Sirene géolocalisé: the current establishments with the new positions.
CREATE OR REPLACE TABLE audience.market_establishments_staging AS
SELECT e.* EXCLUDE (lon, lat, geo_quality, geo_precision), g.lon, g.lat, g.geo_quality, g.geo_precision
FROM audience.market_establishments e
LEFT JOIN audience.market_geo_staging g ON g.siret = e.siret
ORDER BY e.naf, e.commune;
