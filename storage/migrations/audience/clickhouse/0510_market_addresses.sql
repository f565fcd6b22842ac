-- ClickHouse version of ../0510_market_addresses.sql (created, not yet read on ClickHouse).
CREATE TABLE IF NOT EXISTS audience.market_addresses (
    postcode Nullable(String), commune Nullable(String), commune_name Nullable(String),
    commune_key Nullable(String), street Nullable(String), street_key Nullable(String),
    number Nullable(Int32), rep Nullable(String), lon Nullable(Float64), lat Nullable(Float64),
    position LowCardinality(Nullable(String))
) ENGINE = MergeTree ORDER BY (ifNull(commune, ''), ifNull(street_key, ''));
