-- Intercommunalité, composition communale: the EPCI of each commune.
CREATE OR REPLACE TABLE audience.market_epci_staging AS
SELECT CAST(CODGEO AS VARCHAR) AS commune, CAST(EPCI AS VARCHAR) AS epci, CAST(LIBEPCI AS VARCHAR) AS epci_name,
       CAST(DEP AS VARCHAR) AS departement
FROM market_source
ORDER BY epci, commune;
