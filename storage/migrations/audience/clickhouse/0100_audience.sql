-- ClickHouse version of ../0100_audience.sql: the same tables and columns (tests compare them).
-- MergeTree tables partitioned by month (expiry drops whole parts), ordered by the dashboard's
-- filters: site, then day. The retention TTLs are set at start from the organisation file
-- (storage/clickhouse.py), as a second net behind the ingestion layer's own expiry.
CREATE TABLE IF NOT EXISTS audience.events (
    site LowCardinality(String),
    ts DateTime64(6, 'UTC'),
    day Date,
    visitor_id Int64,
    ip_prefix Nullable(String),
    origin LowCardinality(String),
    path String,
    referrer_host String,
    channel LowCardinality(String),
    source String,
    utm_medium String,
    utm_campaign String,
    browser LowCardinality(String),
    os LowCardinality(String),
    device LowCardinality(String),
    language LowCardinality(String),
    import_id Nullable(String)
) ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, visitor_id, ts);

CREATE TABLE IF NOT EXISTS audience.daily_dimensions (
    site LowCardinality(String),
    day Date,
    dimension LowCardinality(String),
    value String,
    visitors Int64,
    visits Int64,
    pageviews Int64,
    bounces Int64,
    duration_s Int64
) ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, dimension, day, value);

CREATE TABLE IF NOT EXISTS audience.daily_visits (
    site LowCardinality(String),
    day Date,
    entry_page String,
    exit_page String,
    channel LowCardinality(String),
    source String,
    campaign String,
    browser LowCardinality(String),
    os LowCardinality(String),
    device LowCardinality(String),
    language LowCardinality(String),
    visitors Int64,
    visits Int64,
    pageviews Int64,
    bounces Int64,
    duration_s Int64
) ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, channel, entry_page);

CREATE TABLE IF NOT EXISTS audience.daily_pages (
    site LowCardinality(String),
    day Date,
    path String,
    channel LowCardinality(String),
    source String,
    campaign String,
    browser LowCardinality(String),
    os LowCardinality(String),
    device LowCardinality(String),
    language LowCardinality(String),
    visitors Int64,
    pageviews Int64,
    entries Int64,
    exits Int64
) ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, path);

-- Small: one row per imported file, no partitions.
CREATE TABLE IF NOT EXISTS audience.log_imports (
    id String,
    site LowCardinality(String),
    digest String,
    bytes Int64,
    lines Int64,
    stored Int64,
    imported_at DateTime64(6, 'UTC') DEFAULT now64(6)
) ENGINE = MergeTree
ORDER BY (site, id);
