CREATE OR REPLACE TABLE audience.market_departements_staging AS
SELECT CAST(DEP AS VARCHAR) AS departement, CAST(REG AS VARCHAR) AS region, CAST(LIBELLE AS VARCHAR) AS name
FROM market_source
ORDER BY departement;
