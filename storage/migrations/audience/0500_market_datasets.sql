-- Market study datasets: INSEE open data imported by an operator (market.datasets). Nothing here is
-- about a user of the app. Each import builds <table>_staging and swaps it in within one transaction,
-- so these empty tables are only what the queries see before the first import.
-- They live beside the audience events (the analytics store), the store that scales out (issue 21).
CREATE TABLE market_datasets (
    kind         VARCHAR PRIMARY KEY,   -- sirene, geo, population, cog_communes, cog_departements, epci, bpe, spending
    source_name  VARCHAR NOT NULL,      -- the file name given
    file_date    DATE NOT NULL,         -- the date shown on every figure ("Sirene au 30/11/2026")
    row_count    BIGINT NOT NULL,
    demo         BOOLEAN NOT NULL DEFAULT false,   -- generated demonstration data, labelled as such
    imported_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Sirene StockEtablissement, only the columns the study needs, joined with Sirene géolocalisé on siret,
-- sorted by code then commune so that a count for one code and one area reads few row groups.
CREATE TABLE market_establishments (
    naf            VARCHAR,     -- activitePrincipaleEtablissement (NAF rév. 2, with its dot: 56.10C)
    naf_nomenclature VARCHAR,   -- nomenclatureActivitePrincipaleEtablissement (NAFRev2, NAFRev1, ...)
    naf25          VARCHAR,     -- activitePrincipaleNAF25Etablissement (from 2026), else NULL
    commune        VARCHAR,     -- codeCommuneEtablissement
    departement    VARCHAR,
    active         BOOLEAN,     -- etatAdministratifEtablissement = 'A'
    siret          VARCHAR,
    headcount      VARCHAR,     -- trancheEffectifsEtablissement (NN, 00, 01, ... 53)
    created        DATE,        -- dateCreationEtablissement
    state_since    DATE,        -- dateDebut: for a closed establishment, when it closed
    name           VARCHAR,     -- denominationUsuelleEtablissement or enseigne1Etablissement
    partial        BOOLEAN,     -- statutDiffusionEtablissement = 'P': some fields are masked
    lon            DOUBLE,      -- Sirene géolocalisé x_longitude / y_latitude (WGS84)
    lat            DOUBLE,
    geo_quality    VARCHAR,     -- qualite_xy
    geo_precision  DOUBLE       -- distance_precision, metres
);
CREATE TABLE market_geo (
    siret          VARCHAR,
    lon            DOUBLE,
    lat            DOUBLE,
    geo_quality    VARCHAR,
    geo_precision  DOUBLE
);
-- A commune's centre for "around a commune": the median position of its geolocated establishments.
CREATE TABLE market_commune_centres (commune VARCHAR, lon DOUBLE, lat DOUBLE, points BIGINT);
CREATE TABLE market_population (commune VARCHAR, departement VARCHAR, name VARCHAR, population BIGINT);
CREATE TABLE market_communes (commune VARCHAR, kind VARCHAR, departement VARCHAR, region VARCHAR,
                              name VARCHAR, parent VARCHAR);
CREATE TABLE market_departements (departement VARCHAR, region VARCHAR, name VARCHAR);
CREATE TABLE market_epci (commune VARCHAR, epci VARCHAR, epci_name VARCHAR, departement VARCHAR);
CREATE TABLE market_bpe (typequ VARCHAR, commune VARCHAR, year INTEGER, lon DOUBLE, lat DOUBLE,
                         geo_quality VARCHAR);
CREATE TABLE market_spending (coicop VARCHAR, label VARCHAR, spending DOUBLE, year INTEGER);
