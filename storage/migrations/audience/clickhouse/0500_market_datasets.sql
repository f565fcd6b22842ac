-- ClickHouse version of ../0500_market_datasets.sql (the same tables and columns; the market study's
-- queries have no ClickHouse variants yet: on ClickHouse these tables are created, not yet read).
CREATE TABLE IF NOT EXISTS audience.market_datasets (
    kind String,
    source_name String,
    file_date Date,
    row_count Int64,
    demo Bool DEFAULT false,
    imported_at DateTime64(6, 'UTC') DEFAULT now64(6)
) ENGINE = ReplacingMergeTree(imported_at)
ORDER BY kind;

CREATE TABLE IF NOT EXISTS audience.market_establishments (
    naf LowCardinality(Nullable(String)),
    naf_nomenclature LowCardinality(Nullable(String)),
    naf25 LowCardinality(Nullable(String)),
    commune Nullable(String),
    departement LowCardinality(Nullable(String)),
    active Nullable(Bool),
    siret Nullable(String),
    headcount LowCardinality(Nullable(String)),
    created Nullable(Date32),
    state_since Nullable(Date32),
    name Nullable(String),
    partial Nullable(Bool),
    lon Nullable(Float64),
    lat Nullable(Float64),
    geo_quality LowCardinality(Nullable(String)),
    geo_precision Nullable(Float64)
) ENGINE = MergeTree
ORDER BY (ifNull(naf, ''), ifNull(commune, ''));

CREATE TABLE IF NOT EXISTS audience.market_geo (
    siret Nullable(String), lon Nullable(Float64), lat Nullable(Float64),
    geo_quality LowCardinality(Nullable(String)), geo_precision Nullable(Float64)
) ENGINE = MergeTree ORDER BY ifNull(siret, '');

CREATE TABLE IF NOT EXISTS audience.market_commune_centres (
    commune Nullable(String), lon Nullable(Float64), lat Nullable(Float64), points Nullable(Int64)
) ENGINE = MergeTree ORDER BY ifNull(commune, '');

CREATE TABLE IF NOT EXISTS audience.market_population (
    commune Nullable(String), departement Nullable(String), name Nullable(String), population Nullable(Int64)
) ENGINE = MergeTree ORDER BY ifNull(commune, '');

CREATE TABLE IF NOT EXISTS audience.market_communes (
    commune Nullable(String), kind Nullable(String), departement Nullable(String), region Nullable(String),
    name Nullable(String), parent Nullable(String)
) ENGINE = MergeTree ORDER BY ifNull(commune, '');

CREATE TABLE IF NOT EXISTS audience.market_departements (
    departement Nullable(String), region Nullable(String), name Nullable(String)
) ENGINE = MergeTree ORDER BY ifNull(departement, '');

CREATE TABLE IF NOT EXISTS audience.market_epci (
    commune Nullable(String), epci Nullable(String), epci_name Nullable(String), departement Nullable(String)
) ENGINE = MergeTree ORDER BY ifNull(commune, '');

CREATE TABLE IF NOT EXISTS audience.market_bpe (
    typequ Nullable(String), commune Nullable(String), year Nullable(Int32), lon Nullable(Float64),
    lat Nullable(Float64), geo_quality Nullable(String)
) ENGINE = MergeTree ORDER BY ifNull(commune, '');

CREATE TABLE IF NOT EXISTS audience.market_spending (
    coicop Nullable(String), label Nullable(String), spending Nullable(Float64), year Nullable(Int32)
) ENGINE = MergeTree ORDER BY ifNull(coicop, '');
