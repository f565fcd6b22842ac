-- Populations légales, donnees_communes.csv: the commune code is CODDEP + CODCOM; PMUN is the
-- population municipale, the one densities use.
CREATE OR REPLACE TABLE audience.market_population_staging AS
SELECT CAST(CODDEP AS VARCHAR) || CAST(CODCOM AS VARCHAR) AS commune,
       CAST(CODDEP AS VARCHAR) AS departement,
       CAST(COM AS VARCHAR) AS name,
       TRY_CAST(replace(replace(CAST(PMUN AS VARCHAR), ' ', ''), chr(160), '') AS BIGINT) AS population
FROM market_source
ORDER BY commune;
