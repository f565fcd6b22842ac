-- Sirene géolocalisé -> siret and WGS84 position (x_longitude, y_latitude), with the quality of each point.
CREATE OR REPLACE TABLE audience.market_geo_staging AS
SELECT CAST(siret AS VARCHAR) AS siret,
       TRY_CAST(CAST(x_longitude AS VARCHAR) AS DOUBLE) AS lon,
       TRY_CAST(CAST(y_latitude AS VARCHAR) AS DOUBLE) AS lat,
       nullif(CAST(qualite_xy AS VARCHAR), '') AS geo_quality,
       TRY_CAST(CAST(distance_precision AS VARCHAR) AS DOUBLE) AS geo_precision
FROM market_source
WHERE TRY_CAST(CAST(y_latitude AS VARCHAR) AS DOUBLE) IS NOT NULL
ORDER BY siret;
