-- Household spending per COICOP poste, euros per household and year (decimal comma accepted).
CREATE OR REPLACE TABLE audience.market_spending_staging AS
SELECT trim(CAST(COICOP AS VARCHAR)) AS coicop, CAST(LIBELLE AS VARCHAR) AS label,
       TRY_CAST(replace(replace(replace(CAST(DEPENSE_MOYENNE AS VARCHAR), ' ', ''), chr(160), ''), ',', '.') AS DOUBLE)
           AS spending,
       TRY_CAST(CAST(ANNEE AS VARCHAR) AS INTEGER) AS year
FROM market_source
ORDER BY coicop;
