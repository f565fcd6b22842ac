-- BAN addresses with a position, sorted by commune then street (the search reads one commune's streets).
-- The keys fold case, accents and punctuation the way market.addresses.fold does.
CREATE OR REPLACE TABLE audience.market_addresses_staging AS
SELECT nullif(trim(CAST(code_postal AS VARCHAR)), '') AS postcode, CAST(code_insee AS VARCHAR) AS commune,
       CAST(nom_commune AS VARCHAR) AS commune_name,
       trim(regexp_replace(lower(strip_accents(CAST(nom_commune AS VARCHAR))), '[^a-z0-9]+', ' ', 'g')) AS commune_key,
       CAST(nom_voie AS VARCHAR) AS street,
       trim(regexp_replace(lower(strip_accents(CAST(nom_voie AS VARCHAR))), '[^a-z0-9]+', ' ', 'g')) AS street_key,
       TRY_CAST(CAST(numero AS VARCHAR) AS INTEGER) AS number, nullif(CAST(rep AS VARCHAR), '') AS rep,
       TRY_CAST(CAST(lon AS VARCHAR) AS DOUBLE) AS lon, TRY_CAST(CAST(lat AS VARCHAR) AS DOUBLE) AS lat,
       nullif(CAST(type_position AS VARCHAR), '') AS position
FROM market_source
ORDER BY commune, street_key, number;
