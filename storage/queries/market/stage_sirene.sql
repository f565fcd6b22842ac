-- Sirene StockEtablissement (the view market_source over the file) -> the kept columns, joined with the
-- current Sirene géolocalisé on siret, sorted by code then commune.
CREATE OR REPLACE TABLE audience.market_establishments_staging AS
SELECT nullif(trim(CAST(s.activitePrincipaleEtablissement AS VARCHAR)), '') AS naf,
       CAST(s.nomenclatureActivitePrincipaleEtablissement AS VARCHAR) AS naf_nomenclature,
       nullif(trim(CAST(s.activitePrincipaleNAF25Etablissement AS VARCHAR)), '') AS naf25,
       nullif(trim(CAST(s.codeCommuneEtablissement AS VARCHAR)), '') AS commune,
       CASE WHEN commune LIKE '97%' THEN left(commune, 3) ELSE left(commune, 2) END AS departement,
       CAST(s.etatAdministratifEtablissement AS VARCHAR) = 'A' AS active,
       CAST(s.siret AS VARCHAR) AS siret,
       nullif(CAST(s.trancheEffectifsEtablissement AS VARCHAR), '') AS headcount,
       TRY_CAST(CAST(s.dateCreationEtablissement AS VARCHAR) AS DATE) AS created,
       TRY_CAST(CAST(s.dateDebut AS VARCHAR) AS DATE) AS state_since,
       coalesce(nullif(trim(CAST(s.denominationUsuelleEtablissement AS VARCHAR)), ''),
                nullif(trim(CAST(s.enseigne1Etablissement AS VARCHAR)), '')) AS name,
       CAST(s.statutDiffusionEtablissement AS VARCHAR) = 'P' AS partial,
       g.lon, g.lat, g.geo_quality, g.geo_precision
FROM market_source s
LEFT JOIN audience.market_geo g ON g.siret = CAST(s.siret AS VARCHAR)
ORDER BY naf, commune;
