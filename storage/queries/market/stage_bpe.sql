-- BPE: one row per equipment, sorted by type then commune.
CREATE OR REPLACE TABLE audience.market_bpe_staging AS
SELECT CAST(TYPEQU AS VARCHAR) AS typequ, CAST(DEPCOM AS VARCHAR) AS commune, TRY_CAST(CAST(AN AS VARCHAR) AS INTEGER) AS year,
       TRY_CAST(CAST(LONGITUDE AS VARCHAR) AS DOUBLE) AS lon, TRY_CAST(CAST(LATITUDE AS VARCHAR) AS DOUBLE) AS lat,
       nullif(CAST(QUALITE_XY AS VARCHAR), '') AS geo_quality
FROM market_source
ORDER BY typequ, commune;
