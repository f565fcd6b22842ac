-- COG communes (COM, and ARM arrondissements: Sirene codes Paris, Lyon, Marseille by arrondissement).
CREATE OR REPLACE TABLE audience.market_communes_staging AS
SELECT CAST(COM AS VARCHAR) AS commune, CAST(TYPECOM AS VARCHAR) AS kind, CAST(DEP AS VARCHAR) AS departement,
       CAST(REG AS VARCHAR) AS region, CAST(LIBELLE AS VARCHAR) AS name,
       nullif(CAST(COMPARENT AS VARCHAR), '') AS parent
FROM market_source
WHERE CAST(TYPECOM AS VARCHAR) IN ('COM', 'ARM')
ORDER BY commune;
