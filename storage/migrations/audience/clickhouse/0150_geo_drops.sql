-- ClickHouse version of ../0150_geo_drops.sql.
CREATE TABLE IF NOT EXISTS audience.daily_drops (
    site LowCardinality(String),
    day Date,
    reason LowCardinality(String),
    hits Int64
) ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, reason);

ALTER TABLE audience.events ADD COLUMN IF NOT EXISTS country LowCardinality(String) DEFAULT '';
ALTER TABLE audience.events ADD COLUMN IF NOT EXISTS network String DEFAULT '';
ALTER TABLE audience.daily_visits ADD COLUMN IF NOT EXISTS country LowCardinality(String) DEFAULT '';
ALTER TABLE audience.daily_visits ADD COLUMN IF NOT EXISTS network String DEFAULT '';
ALTER TABLE audience.daily_pages ADD COLUMN IF NOT EXISTS country LowCardinality(String) DEFAULT '';
ALTER TABLE audience.daily_pages ADD COLUMN IF NOT EXISTS network String DEFAULT '';
